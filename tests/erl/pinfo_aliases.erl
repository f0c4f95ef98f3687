%% Aliases: alias/0,1, unalias/1, monitor/3 {alias, Mode}, sending to active and inactive
%% aliases, erlang:send/3.
-module(pinfo_aliases).
-export([main/0]).
flush() -> receive X -> [X | flush()] after 0 -> [] end.
main() ->
    A = alias(),
    A ! one,
    erlang:send(A, two, [noconnect]),
    L1 = flush(),
    U1 = unalias(A),
    A ! dropped,
    U2 = unalias(A),
    L2 = flush(),
    R = alias([reply]),
    R ! first,
    R ! second,
    L3 = flush(),
    P = spawn(fun() -> receive {Alias, M} -> Alias ! {reply, M}, Alias ! {again, M} end end),
    M = monitor(process, P, [{alias, reply_demonitor}]),
    Watch = monitor(process, P),
    P ! {M, hi},
    receive {'DOWN', Watch, process, P, normal} -> ok end,
    L4 = flush(),
    Q = spawn(fun() -> receive go -> ok end end),
    M2 = monitor(process, Q, [{alias, demonitor}]),
    true = demonitor(M2),
    M2 ! after_demonitor,
    L5 = flush(),
    U3 = unalias(make_ref()),
    S = erlang:send(self(), three, [nosuspend]),
    L6 = flush(),
    Bad = [catch erlang:send(self(), x, [bogus]), catch alias([bogus]),
           catch monitor(process, self(), [{alias, bogus}]), catch unalias(self())],
    flush(),
    Q ! go,
    {L1, U1, U2, L2, L3, L4, L5, U3, S, L6, [element(1, element(2, B)) || B <- Bad]}.
