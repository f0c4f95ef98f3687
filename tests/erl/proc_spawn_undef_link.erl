%% A linked process that crashes: the trapping parent sees the reason with its stack.
-module(proc_spawn_undef_link).
-export([main/0]).

main() ->
    process_flag(trap_exit, true),
    P = spawn_link(fun() -> element(3, id({a})) end),
    R = receive {'EXIT', P, {Reason, [Top | _]}} -> {Reason, Top} end,
    P2 = spawn_link(no_module_x, f, [1]),
    R2 = receive {'EXIT', P2, W2} -> W2 end,
    {R, R2}.

id(X) -> X.
