%% OTP's maps functions written in Erlang: fold, map, filter, iterators, with, without, groups.
-module(stdlib_maps_fun).
-export([main/0]).

main() ->
    M = #{a => 1, b => 2, c => 3, d => 4},
    Big = maps:from_list([{I, I * I} || I <- lists:seq(1, 100)]),
    It = maps:iterator(M),
    {K1, V1, It2} = maps:next(It),
    {K2, _, _} = maps:next(It2),
    {maps:fold(fun(K, V, Acc) -> [{K, V} | Acc] end, [], M),
     maps:map(fun(_, V) -> V * 10 end, M),
     maps:filter(fun(_, V) -> V rem 2 =:= 0 end, M),
     {K1, V1, K2},
     maps:with([a, c], M), maps:without([a, c], M),
     maps:get(z, M, default), maps:update_with(a, fun(V) -> V + 100 end, M),
     maps:fold(fun(_, V, S) -> S + V end, 0, Big),
     lists:sort(maps:keys(maps:filter(fun(K, _) -> K > 95 end, Big))),
     maps:groups_from_list(fun(X) -> X rem 2 end, [1, 2, 3, 4, 5])}.
