%% exit/2 edge cases: exit(self(), normal) with and without trap_exit, exit(P, normal) to a
%% non-trapping process, kill to a trapping one, linking to a dead process.
-module(pinfo_exit_edges).
-export([main/0]).
main() ->
    process_flag(trap_exit, true),
    exit(self(), normal),
    A = receive {'EXIT', S, normal} -> S =:= self() after 0 -> none end,
    P = spawn(fun() -> receive stop -> ok end end),
    exit(P, normal),
    B = is_process_alive(P),
    Q = spawn(fun() -> process_flag(trap_exit, true), receive stop -> ok end end),
    RefQ = monitor(process, Q),
    exit(Q, kill),
    C = receive {'DOWN', RefQ, process, Q, Why} -> Why end,
    D = link(Q),
    E = receive {'EXIT', Q, noproc} -> noproc after 0 -> none end,
    R = spawn(fun() -> exit(self(), normal), receive after infinity -> ok end end),
    RefR = monitor(process, R),
    F = receive {'DOWN', RefR, process, R, WhyR} -> WhyR end,
    {Pid, RefS} = spawn_monitor(fun() -> exit(custom) end),
    G = receive {'DOWN', RefS, process, Pid, WhyS} -> WhyS end,
    process_flag(trap_exit, false),
    P ! stop,
    {A, B, C, D, E, F, G}.
