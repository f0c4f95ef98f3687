%% Float BIFs: float/1, trunc, round, floor, ceil, and their integer cases.
-module(float_bifs).
-export([main/0]).

main() ->
    Xs = [id(2.5), id(-2.5), id(0.49999), id(-0.5), id(1.0e20), id(-7.9), id(3)],
    [{float(X), trunc(X), round(X), floor(X), ceil(X)} || X <- Xs] ++
        [float(id(12345678901234567890)), abs(id(-1.5)), max(id(1), id(1.0)), min(id(2.0), id(2))].

id(X) -> X.
