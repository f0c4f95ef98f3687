-module(map_large_replace).
-export([main/0]).

%% Updates of keys a large map already holds (the path-copying fast path) beside updates that
%% add keys (the general path), with keys of every kind, several pairs in one update, a key
%% given twice, 0.0 replaced by -0.0, and the old map still intact after the update.
main() ->
    Keys = [I || I <- lists:seq(1, 40)] ++
           [1 bsl 70 + I || I <- lists:seq(1, 5)] ++
           [{I, -I} || I <- lists:seq(1, 5)] ++
           [<<I:16>> || I <- lists:seq(1, 5)] ++
           [float(I) + 0.5 || I <- lists:seq(1, 5)] ++
           [0.0, "str", [1 | 2], -7.25],
    M0 = maps:from_list([{K, K} || K <- Keys]),
    M1 = M0#{7 := seven, {3, -3} := t3, <<2:16>> := b2},
    Seven = id(7),
    M2 = (id(M1))#{7 => again, Seven := twice},
    M3 = M2#{-0.0 := negzero},
    M4 = M3#{1 bsl 70 + 2 => big, "newkey" => added},
    M5 = loop(M4, 2000),
    Old = maps:get(7, M0),
    R = try M0#{missing := 1} catch error:{badkey, K} -> {badkey, K} end,
    Sum = lists:sum([V || V <- maps:values(M5), is_integer(V)]),
    {maps:to_list(M3), maps:to_list(M4), Old, map_size(M5), Sum, maps:get(7, M2), maps:get(0.0, M3), R,
     [K || K <- maps:keys(M3), K == 0.0], M0 =:= maps:from_list([{K, K} || K <- Keys])}.

loop(M, 0) -> M;
loop(M, N) ->
    K = N rem 40 + 1,
    loop(M#{K := maps:get(K, M) + N, (K rem 7) + 1 => N}, N - 1).

id(X) -> X.
