-module(stdlib_ets_ordered).
-export([main/0]).

t(F) -> try F() catch C:R -> {C, R} end.

main() ->
    T = ets:new(ord, [ordered_set]),
    true = ets:insert(T, [{5, five}, {1, one}, {3.0, three}, {b, atom}, {"str", list},
                          {{1, 2}, tuple}, {<<"bin">>, binary}, {-7, neg}, {1 bsl 70, big}]),
    Fwd = walk_next(T, ets:first(T), []),
    Back = walk_prev(T, ets:last(T), []),
    R1 = [ets:lookup(T, 3), ets:lookup(T, 3.0), ets:member(T, 5.0),
          ets:next(T, 2), ets:prev(T, 2), ets:next(T, 1 bsl 80), ets:prev(T, -100),
          ets:next(T, <<"bin">>), ets:prev(T, -7)],
    true = ets:insert(T, {3, replaced}),
    R2 = [ets:lookup(T, 3.0), ets:info(T, size), ets:info(T, type), ets:tab2list(T)],
    R3 = [ets:delete(T, 3.0), ets:lookup(T, 3), t(fun() -> ets:update_counter(T, 5, {1, 0}) end)],
    E = [t(fun() -> ets:update_counter(T, 1, 1) end)],
    Empty = ets:new(empty, [ordered_set]),
    R4 = [ets:first(Empty), ets:last(Empty), ets:next(Empty, a), ets:prev(Empty, a),
          ets:tab2list(Empty)],
    C = ets:new(counters, [ordered_set]),
    ets:insert(C, [{K, 0} || K <- lists:seq(1, 50)]),
    [ets:update_counter(C, K rem 50 + 1, K) || K <- lists:seq(1, 500)],
    R5 = [ets:tab2list(C), ets:match_object(C, {'_', 5300})],
    [Fwd, Back, R1, R2, R3, E, R4, R5].

walk_next(_T, '$end_of_table', Acc) -> lists:reverse(Acc);
walk_next(T, K, Acc) -> walk_next(T, ets:next(T, K), [K | Acc]).

walk_prev(_T, '$end_of_table', Acc) -> lists:reverse(Acc);
walk_prev(T, K, Acc) -> walk_prev(T, ets:prev(T, K), [K | Acc]).
