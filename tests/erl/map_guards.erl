-module(map_guards).
-export([main/0]).
id(X) -> X.
g1(K, M) when is_map_key(K, M) -> {has, K};
g1(K, M) when is_map(M) -> {lacks, K};
g1(_, M) -> {nomap, M}.
g2(K, M) when map_get(K, M) > 5 -> {gt5, K, M};
g2(K, M) when map_get(K, M) =< 5 -> {le5, K, M};
g2(K, M) -> {other, K, M}.
g3(M) when map_size(M) > 2 -> {large, M};
g3(M) when map_size(M) =:= 0 -> {empty, M};
g3(M) when is_map(M) -> {small, M};
g3(X) -> {notmap, X}.
g4(K, M) when is_map_key(K, M), is_atom(K); is_map(M) -> {first, K, M};
g4(K, M) -> {second, K, M}.
g5(K, M) when not is_map_key(K, M) -> absent;
g5(_, _) -> present.
loop(0, Acc) -> Acc;
loop(N, Acc) ->
    M = #{N => [N], {N} => N},
    T = {g1(id(N), M), g2(id(N), id(#{N => N})), g3(id(lists:reverse([N], []))),
         g4(id(N), id(M)), g5(id(x), M)},
    loop(N - 1, [T | Acc]).
main() ->
    {g1(a, id(#{a => 1})), g1(b, id(#{a => 1})), g1(a, id(foo)),
     g2(a, id(#{a => 6})), g2(a, id(#{a => 5})), g2(a, id(#{b => 6})), g2(a, id(bar)),
     g2(a, id(#{a => x})),
     g3(id(#{a => 1, b => 2, c => 3})), g3(id(#{})), g3(id(#{a => 1})), g3(id([])),
     g4(1, id(#{1 => 1})), g4(a, id(#{a => 1})), g4(a, id(nomap)),
     g5(a, id(#{})), g5(a, id(#{a => 1})), g5(a, id(3)),
     loop(40, [])}.
