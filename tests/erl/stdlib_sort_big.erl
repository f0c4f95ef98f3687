%% lists:sort and friends on 20,000 elements, and a merge of sorted runs.
-module(stdlib_sort_big).
-export([main/0]).

main() ->
    L = [(I * 7919) rem 20011 || I <- lists:seq(1, 20000)],
    S = lists:sort(L),
    {length(S), lists:sublist(S, 5), lists:nthtail(19995, S), lists:sum(S),
     lists:merge([1, 4, 9], [2, 3, 10]), lists:umerge([[1, 2], [2, 3], [3, 4]]),
     length(lists:usort(L)), lists:reverse(lists:sublist(lists:reverse(S), 3))}.
