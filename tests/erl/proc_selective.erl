%% Selective receive: messages are taken out of order, the rest keep their order.
-module(proc_selective).
-export([main/0]).

main() ->
    Self = self(),
    [Self ! M || M <- [c, {b, 1}, a, {b, 2}, d, {b, 3}]],
    A = receive a -> got_a end,
    Bs = take_bs(3, []),
    Rest = drain([]),
    {A, Bs, Rest}.

take_bs(0, Acc) -> lists:reverse(Acc, []);
take_bs(K, Acc) -> receive {b, N} -> take_bs(K - 1, [N | Acc]) end.

drain(Acc) ->
    receive X -> drain([X | Acc]) after 0 -> lists:reverse(Acc, []) end.
