%% timer: tc, sleep, send_after, cancel, exit_after, kill_after, hms, seconds.
-module(otp_timer_basic).
-export([main/0]).
main() ->
    {T, V} = timer:tc(lists, seq, [1, 10]),
    ok = timer:sleep(1),
    {ok, R1} = timer:send_after(0, self(), tick),
    A = receive tick -> tick end,
    {ok, R2} = timer:send_after(100000, self(), never),
    B = timer:cancel(R2),
    C = receive never -> got after 10 -> none end,
    P = spawn(fun() -> receive _ -> ok end end),
    Ref = monitor(process, P),
    {ok, _} = timer:exit_after(0, P, bye),
    D = receive {'DOWN', Ref, process, P, Why} -> Why end,
    E = {timer:hms(1, 2, 3), timer:seconds(2), timer:minutes(1), timer:hours(1)},
    {is_integer(T), V, A, is_tuple(R1) orelse is_reference(R1), B, C, D, E}.
