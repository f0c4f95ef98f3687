%% An exit propagates along a chain of links; unlinked processes survive.
-module(proc_link_chain).
-export([main/0]).

main() ->
    Self = self(),
    {Head, M} = spawn_monitor(fun() -> chain(10, Self) end),
    Last = receive {last, L} -> L end,
    Survivor = spawn(fun() -> receive stop -> ok end end),
    Last ! {link_and_die, Survivor},
    R = receive {'DOWN', M, process, Head, Why} -> Why end,
    receive after 20 -> ok end,
    Alive = is_process_alive(Survivor),
    Survivor ! stop,
    {R, is_process_alive(Head), is_process_alive(Last), Alive}.

chain(0, Parent) ->
    Parent ! {last, self()},
    receive {link_and_die, Other} ->
            link(Other),
            unlink(Other),
            exit(boom)
    end;
chain(N, Parent) ->
    spawn_link(fun() -> chain(N - 1, Parent) end),
    receive never -> ok end.
