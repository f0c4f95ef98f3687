%% The order of set, bag and duplicate_bag tables as OTP 25 keeps them: tab2list, select,
%% match, first/next and foldl over tables of 20 to 3000 objects (past the first 256 slots,
%% so the table grows), integer, tuple, binary, float, string and atom keys, objects replaced in
%% place, bags' key groups, lists inserted into bags, slot/2, and deletions.
-module(ets_hash_order).
-export([main/0]).

walk(T) -> walk(T, ets:first(T)).
walk(_, '$end_of_table') -> [];
walk(T, K) -> [K | walk(T, ets:next(T, K))].

keys(T) -> [element(1, O) || O <- ets:tab2list(T)].

main() ->
    Sizes = [20, 300, 1000, 3000],
    Sets = [begin
                T = ets:new(t, [set]),
                ets:insert(T, [{I, I * 2} || I <- lists:seq(1, N)]),
                {keys(T) =:= [K || [K] <- ets:match(T, {'$1', '_'})],
                 erlang:phash2(keys(T)), erlang:phash2(walk(T)),
                 erlang:phash2(ets:foldl(fun({K, _}, A) -> [K | A] end, [], T)),
                 lists:sublist(keys(T), 10), lists:sublist(walk(T), 10)}
            end || N <- Sizes],
    Mixed = ets:new(m, [set]),
    ets:insert(Mixed, [{{I, I + 1}, 1} || I <- lists:seq(1, 30)] ++
                      [{integer_to_binary(I), 2} || I <- lists:seq(1, 30)] ++
                      [{I + 0.5, 3} || I <- lists:seq(1, 30)] ++
                      [{integer_to_list(I), 4} || I <- lists:seq(1, 30)] ++
                      [{list_to_atom("atom" ++ integer_to_list(I)), 5} || I <- lists:seq(1, 30)] ++
                      [{I * 1000000007, 6} || I <- lists:seq(1, 10)]),
    ets:insert(Mixed, {{3, 4}, replaced}),
    MixedOrder = {keys(Mixed), walk(Mixed)},
    Del = ets:new(d, [set]),
    ets:insert(Del, [{I} || I <- lists:seq(1, 100)]),
    [ets:delete(Del, I) || I <- lists:seq(1, 100, 3)],
    ets:insert(Del, [{I} || I <- lists:seq(1, 30, 2)]),
    DelOrder = {keys(Del), walk(Del)},
    Bag = ets:new(b, [bag]),
    [ets:insert(Bag, {I rem 7, I}) || I <- lists:seq(1, 40)],
    ets:insert(Bag, [{I rem 5, list, I} || I <- lists:seq(1, 12)]),
    Dup = ets:new(db, [duplicate_bag]),
    [ets:insert(Dup, {I rem 6, I rem 2}) || I <- lists:seq(1, 30)],
    ets:insert(Dup, [{I rem 4, list} || I <- lists:seq(1, 8)]),
    Bags = {ets:tab2list(Bag), walk(Bag), ets:lookup(Bag, 3), ets:tab2list(Dup), walk(Dup),
            ets:lookup(Dup, 2), ets:select(Dup, [{{'$1', 1}, [], ['$1']}])},
    S = ets:new(s, [set]),
    ets:insert(S, [{I} || I <- lists:seq(1, 50)]),
    Slots = [ets:slot(S, I) || I <- lists:seq(0, 255), ets:slot(S, I) =/= []],
    Chunks = begin
                 {C1, Cont} = ets:select(S, [{{'$1'}, [], ['$1']}], 20),
                 {C2, _} = ets:select(Cont),
                 {C1, C2}
             end,
    Cleared = ets:new(c, [set]),
    ets:insert(Cleared, [{I} || I <- lists:seq(1, 500)]),
    [ets:delete(Cleared, I) || I <- lists:seq(1, 450)],
    Shrunk = erlang:phash2(ets:tab2list(Cleared)),
    ets:delete_all_objects(Cleared),
    ets:insert(Cleared, [{I} || I <- lists:seq(1, 30)]),
    {Sets, MixedOrder, DelOrder, Bags, Slots, Chunks, Shrunk, keys(Cleared)}.
