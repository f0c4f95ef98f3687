%% erlang:send_after/3, start_timer/3, cancel_timer/1, read_timer/1.
-module(proc_timers).
-export([main/0]).

main() ->
    Self = self(),
    _ = erlang:send_after(30, Self, second),
    _ = erlang:send_after(10, Self, first),
    A = [receive M -> M end, receive M2 -> M2 end],
    T = erlang:start_timer(10, Self, payload),
    B = receive {timeout, T, P} -> {matched, P} end,
    T2 = erlang:send_after(10000, Self, never),
    C = is_integer(erlang:cancel_timer(T2)),
    D = erlang:cancel_timer(T2),
    E = receive never -> came after 20 -> cancelled end,
    T3 = erlang:send_after(5000, Self, x),
    F = is_integer(erlang:read_timer(T3)),
    erlang:cancel_timer(T3),
    {A, B, C, D, E, F}.
