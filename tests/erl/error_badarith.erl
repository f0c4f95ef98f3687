%% Uncaught error: badarith from 1 + an atom computed at run time.
-module(error_badarith).
-export([main/0, pick/2]).

main() ->
    X = pick(2, [10, a, 20]),
    1 + X.

pick(1, [H | _]) -> H;
pick(N, [_ | T]) -> pick(N - 1, T).
