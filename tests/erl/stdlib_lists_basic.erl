%% stdlib group: fun-free lists functions (reverse, seq, sort, append,
%% nth, last, sum, max, min, member, duplicate, sublist, nthtail).
-module(stdlib_lists_basic).
-export([main/0]).

main() ->
    L = lists:seq(1, 20),
    {lists:reverse(L), lists:seq(5, 1, -1), lists:sort([3, b, 1, a, {}, [], 2]),
     lists:append([[1], [2, 3], []]), lists:append([a], [b]),
     lists:nth(7, L), lists:last(L), lists:sum(L), lists:max(L), lists:min([4, -2, 9]),
     lists:member(13, L), lists:member(x, L), lists:duplicate(4, z),
     lists:sublist(L, 3, 4), lists:nthtail(17, L), lists:reverse("abc", "def"),
     lists:flatten([1, [2, [3, []], 4]]), lists:usort([3, 1, 3, 2, 1])}.
