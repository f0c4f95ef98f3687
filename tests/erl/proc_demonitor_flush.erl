%% demonitor with flush removes a 'DOWN' message already delivered.
-module(proc_demonitor_flush).
-export([main/0]).

main() ->
    {P, M} = spawn_monitor(fun() -> exit(quick) end),
    Ref = monitor(process, P),
    receive {'DOWN', Ref, process, P, _} -> ok end,
    true = demonitor(M, [flush]),
    A = receive {'DOWN', M, _, _, _} -> still_there after 0 -> flushed end,
    {A, is_process_alive(P)}.
