%% Trapped exits: linked processes' ends arrive as {'EXIT', Pid, Reason} messages.
-module(proc_trap_exit).
-export([main/0]).

main() ->
    false = process_flag(trap_exit, true),
    P1 = spawn_link(fun() -> ok end),
    R1 = receive {'EXIT', P1, Why1} -> Why1 end,
    P2 = spawn_link(fun() -> exit(custom_reason) end),
    R2 = receive {'EXIT', P2, Why2} -> Why2 end,
    P3 = spawn_link(fun() -> throw(ball) end),
    R3 = receive {'EXIT', P3, {Why3, _}} -> Why3 end,
    P4 = spawn_link(fun() -> receive never -> ok end end),
    exit(P4, kill),
    R4 = receive {'EXIT', P4, Why4} -> Why4 end,
    true = process_flag(trap_exit, false),
    {R1, R2, R3, R4}.
