%% exit/2: kill, normal (ignored unless trapped), other reasons; seen through monitors.
-module(proc_exit_signals).
-export([main/0]).

main() ->
    Wait = fun() -> receive never -> ok end end,
    {P1, M1} = spawn_monitor(Wait),
    exit(P1, kill),
    R1 = receive {'DOWN', M1, _, _, W1} -> W1 end,
    {P2, M2} = spawn_monitor(Wait),
    exit(P2, normal),
    R2 = receive {'DOWN', M2, _, _, W2} -> W2 after 30 -> still_alive end,
    exit(P2, {custom, 1}),
    R3 = receive {'DOWN', M2, _, _, W3} -> W3 end,
    Self = self(),
    {P4, M4} = spawn_monitor(fun() ->
                                     process_flag(trap_exit, true),
                                     Self ! ready,
                                     receive {'EXIT', From, Why} -> exit({trapped, From =:= Self, Why}) end
                             end),
    receive ready -> ok end,
    exit(P4, please_stop),
    R4 = receive {'DOWN', M4, _, _, W4} -> W4 end,
    {P5, M5} = spawn_monitor(fun() -> process_flag(trap_exit, true), Self ! ready, Wait() end),
    receive ready -> ok end,
    exit(P5, kill),
    R5 = receive {'DOWN', M5, _, _, W5} -> W5 end,
    {R1, R2, R3, R4, R5}.
