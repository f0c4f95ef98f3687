%% An uncaught throw ends the program with class throw.
-module(exc_uncaught_throw).
-export([main/0]).

main() ->
    _ = (catch throw(caught_first)),
    deeper(3).

deeper(0) -> throw({not_caught, here});
deeper(N) -> [N | deeper(N - 1)].
