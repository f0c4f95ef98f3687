-module(map_shrink_grow).
-export([main/0]).
build(N, N, M) -> M;
build(I, N, M) -> build(I + 1, N, M#{I => I}).
shrink(M, I, Stop) when I >= Stop -> M;
shrink(M, I, Stop) -> shrink(maps:remove(I, M), I + 1, Stop).
sum([], Acc) -> Acc;
sum([X | Xs], Acc) -> sum(Xs, Acc + X).
main() ->
    M32 = build(0, 32, #{}),
    M33 = M32#{32 => 32},
    M34 = M33#{a => atom},
    Back = maps:remove(a, maps:remove(32, M34)),
    Small = shrink(build(0, 100, #{}), 0, 70),
    {M32, map_size(M33), map_size(M34), Back, Back =:= M32, Small, maps:keys(Small),
     sum(maps:values(build(0, 200, #{})), 0), map_size(maps:merge(M33, build(20, 60, #{}))),
     maps:take(5, M33) =:= {5, maps:remove(5, M33)}, map_size(maps:merge(M32, #{100 => x, 0 => zero})),
     maps:get(0, maps:merge(M32, #{100 => x, 0 => zero})), maps:merge(#{100 => x, 0 => zero}, Small)}.
