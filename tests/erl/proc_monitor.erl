%% Monitors: 'DOWN' messages with the exit reason; noproc for a dead process; demonitor.
-module(proc_monitor).
-export([main/0]).

main() ->
    {P1, M1} = spawn_monitor(fun() -> ok end),
    R1 = receive {'DOWN', M1, process, P1, W1} -> W1 end,
    {P2, M2} = spawn_monitor(fun() -> exit({shutdown, tired}) end),
    R2 = receive {'DOWN', M2, process, P2, W2} -> W2 end,
    {P3, M3} = spawn_monitor(fun() -> 1 = id(2) end),
    R3 = receive {'DOWN', M3, process, P3, {W3, Stack}} -> {W3, [{M, F, A} || {M, F, A, _} <- Stack]} end,
    M4 = monitor(process, P1),
    R4 = receive {'DOWN', M4, process, P1, W4} -> W4 end,
    P5 = spawn(fun() -> receive go -> exit(went) end end),
    M5 = monitor(process, P5),
    true = demonitor(M5),
    P5 ! go,
    R5 = receive {'DOWN', M5, _, _, _} -> got_down after 50 -> no_down end,
    {R1, R2, R3, R4, R5}.

id(X) -> X.
