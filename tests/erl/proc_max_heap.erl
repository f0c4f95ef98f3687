%% max_heap_size: a process that outgrows it is killed.
-module(proc_max_heap).
-export([main/0]).

main() ->
    {Pid, Ref} = spawn_opt(fun() -> grow([]) end, [monitor, {max_heap_size, 100000}]),
    R = receive {'DOWN', Ref, process, Pid, Why} -> Why end,
    {P2, M2} = spawn_monitor(fun() -> process_flag(max_heap_size, 50000), grow([]) end),
    R2 = receive {'DOWN', M2, process, P2, W2} -> W2 end,
    {R, R2}.

grow(L) -> grow([length(L) | L]).
