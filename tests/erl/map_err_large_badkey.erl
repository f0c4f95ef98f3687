-module(map_err_large_badkey).
-export([main/0]).
build(N, N, M) -> M;
build(I, N, M) -> build(I + 1, N, M#{I => I}).
main() -> M = build(0, 1000, #{}), M#{500 := x, 1000 := y}.
