-module(map_large10k).
-export([main/0]).
build(N, N, M) -> M;
build(I, N, M) -> build(I + 1, N, M#{I => I * 2}).
sum(I, N, _M, Acc) when I >= N -> Acc;
sum(I, N, M, Acc) -> #{I := V} = M, sum(I + 1, N, M, Acc + V).
count_missing(I, N, _M, Acc) when I >= N -> Acc;
count_missing(I, N, M, Acc) ->
    case M of #{I := _} -> count_missing(I + 1, N, M, Acc); _ -> count_missing(I + 1, N, M, Acc + 1) end.
main() ->
    N = 10000,
    M = build(0, N, #{}),
    M2 = build(N, N + 5, M),
    {map_size(M), sum(0, N, M, 0), count_missing(-100, N + 100, M, 0),
     maps:get(9999, M), maps:find(10000, M), map_get(5000, M), is_map_key(-1, M),
     map_size(maps:put(0, x, M)), map_size(maps:remove(0, M)), map_size(maps:remove(-1, M)),
     M2 =:= M, M == maps:from_list(maps:to_list(M)), M < maps:put(N, 0, M)}.
