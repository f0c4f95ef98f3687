%% Uncaught error: {case_clause, [1,2,3]} after some live computation.
-module(error_case_clause).
-export([main/0, make/1]).

main() ->
    L = make(3),
    case L of
        [] -> empty;
        [_] -> one;
        {_, _} -> pair
    end.

make(0) -> [];
make(N) -> make(N - 1) ++ [N].
