%% stdlib group: lists functions on large inputs (100,000 elements):
%% sort of pseudo-random integers, reverse, sum, merge of sorted lists.
-module(stdlib_lists_big).
-export([main/0]).

main() ->
    R = rnd(100000, 99, []),
    S = lists:sort(R),
    {length(S), lists:sublist(S, 5), lists:last(S), lists:sum(S),
     lists:reverse(lists:seq(1, 100000)) =:= lists:seq(100000, 1, -1),
     lists:merge(lists:seq(1, 10, 2), lists:seq(2, 10, 2)),
     length(lists:usort(R))}.

rnd(0, _, Acc) -> Acc;
rnd(N, S, Acc) ->
    S2 = (S * 1103515245 + 12345) rem 2147483648,
    rnd(N - 1, S2, [S2 rem 50000 | Acc]).
