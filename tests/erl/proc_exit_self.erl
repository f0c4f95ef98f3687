%% A process ends itself with exit/1 and with exit(self(), Reason); normal from a child.
-module(proc_exit_self).
-export([main/0]).

main() ->
    {P1, M1} = spawn_monitor(fun() -> exit(self(), goodbye), receive never -> ok end end),
    A = receive {'DOWN', M1, process, P1, W1} -> W1 end,
    {P2, M2} = spawn_monitor(fun() -> exit(normal) end),
    B = receive {'DOWN', M2, process, P2, W2} -> W2 end,
    {P3, M3} = spawn_monitor(fun() -> exit(self(), normal), receive after 50 -> survived end end),
    C = receive {'DOWN', M3, process, P3, W3} -> W3 end,
    {A, B, C}.
