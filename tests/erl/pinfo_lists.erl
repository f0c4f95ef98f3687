%% process_info with a list of items: order, duplicates, registered_name as [] inside,
%% the default list of process_info/1, dead pids, bad arguments.
-module(pinfo_lists).
-export([main/0]).
main() ->
    Self = self(),
    P = spawn(fun() -> receive {go, From} -> From ! done end end),
    L1 = process_info(P, [message_queue_len, registered_name, trap_exit, message_queue_len]),
    Keys1 = [K || {K, _} <- process_info(P)],
    register(pinfo_lists_p, P),
    Keys2 = [K || {K, _} <- process_info(P)],
    L2 = process_info(P, [registered_name]),
    Ref = monitor(process, P),
    P ! {go, Self},
    receive done -> ok end,
    receive {'DOWN', Ref, _, _, _} -> ok end,
    Dead = {process_info(P), process_info(P, status), process_info(P, [status, links])},
    Empty = process_info(self(), []),
    Bad = [catch process_info(A, B) || {A, B} <- [{self(), nonsense}, {self(), [status, nonsense]},
                                                  {self(), [status | trap_exit]}, {self(), 42},
                                                  {foo, status}, {P, nonsense}]],
    BadOne = catch process_info(make_ref()),
    {L1, Keys1, Keys2, L2, Dead, Empty, [element(1, element(2, B)) || B <- Bad],
     element(1, element(2, BadOne))}.
