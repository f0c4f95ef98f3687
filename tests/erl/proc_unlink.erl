%% unlink/1 stops an exit from propagating; linking twice is once.
-module(proc_unlink).
-export([main/0]).

main() ->
    Self = self(),
    {Watcher, M} = spawn_monitor(fun() ->
                                         Child = spawn_link(fun() -> receive die -> exit(bad) end end),
                                         link(Child),
                                         unlink(Child),
                                         Self ! {child, Child},
                                         receive stop -> exit(stopped_cleanly) end
                                 end),
    Child = receive {child, C} -> C end,
    Child ! die,
    receive after 20 -> ok end,
    Alive = is_process_alive(Watcher),
    Watcher ! stop,
    R = receive {'DOWN', M, process, Watcher, Why} -> Why end,
    {Alive, R}.
