-module(map_large100k).
-export([main/0]).
build(N, N, M) -> M;
build(I, N, M) -> build(I + 1, N, M#{{key, I} => I}).
sum(I, N, _M, Acc) when I >= N -> Acc;
sum(I, N, M, Acc) -> sum(I + 1, N, M, Acc + maps:get({key, I}, M)).
update(I, N, M) when I >= N -> M;
update(I, N, M) -> update(I + 3, N, M#{{key, I} := -I}).
drop(I, N, M) when I >= N -> M;
drop(I, N, M) -> drop(I + 2, N, maps:remove({key, I}, M)).
main() ->
    N = 100000,
    M = build(0, N, #{}),
    U = update(0, N, M),
    D = drop(0, N, U),
    {map_size(M), sum(0, N, M, 0), sum(0, N, U, 0), map_size(D),
     maps:find({key, 1}, D), maps:find({key, 2}, D), maps:find({key, 3}, D),
     maps:is_key({key, N}, M)}.
