%% suspend_process/1,2 and resume_process/1: a suspended process runs no more (its messages
%% wait) until its last suspension ends; counts per suspender, unless_suspending, asynchronous
%% replies, process_info status, errors, and a suspender's end releasing its suspensions.
-module(suspend_resume).
-export([main/0]).
main() ->
  Me = self(),
  P = spawn(fun L() -> receive {ping, F} -> F ! pong, L(); stop -> ok end end),
  A = erlang:suspend_process(P),
  P ! {ping, Me},
  B = receive pong -> got_pong after 100 -> no_pong end,
  S1 = erlang:process_info(P, status),
  C = erlang:suspend_process(P, [unless_suspending]),
  D = erlang:suspend_process(P, []),
  E = erlang:resume_process(P),
  F = receive pong -> got_pong after 100 -> no_pong end,
  G = erlang:resume_process(P),
  H = receive pong -> got_pong after 200 -> no_pong end,
  I = (catch erlang:resume_process(P)),
  S2 = erlang:process_info(P, status),
  Errs = [catch erlang:suspend_process(self()), catch erlang:suspend_process(a), catch erlang:suspend_process(P, [bad])],
  Q = spawn(fun() -> ok end), timer:sleep(10),
  Dead = [element(1, catch erlang:suspend_process(Q)), element(1, catch erlang:suspend_process(Q, [])), element(1, catch erlang:suspend_process(Q, [unless_suspending])), element(1, catch erlang:resume_process(Q))],
  J = erlang:suspend_process(P, [{asynchronous, tag}]),
  K = receive {tag, X} -> X after 100 -> none end,
  L2 = erlang:suspend_process(Q, [{asynchronous, tag2}]),
  M = receive {tag2, Y} -> Y after 100 -> none end,
  N = erlang:suspend_process(P, [asynchronous]),
  %% A suspender that ends releases its suspensions.
  R = spawn(fun() -> erlang:suspend_process(P), Me ! suspended end),
  receive suspended -> ok end, timer:sleep(10),
  erlang:resume_process(P), erlang:resume_process(P),
  P ! {ping, Me},
  O = receive pong -> got_pong after 200 -> no_pong end,
  {A, B, S1, C, D, E, F, G, H, element(1, I), S2, [element(1, X1) || X1 <- Errs], Dead, J, K, L2, M, N, O, is_pid(R)}.
