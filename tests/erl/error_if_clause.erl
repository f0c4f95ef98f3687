%% Uncaught error: if_clause (no guard is true).
-module(error_if_clause).
-export([main/0, val/0]).

main() ->
    X = val(),
    if
        X > 100 -> big;
        X < 0 -> negative
    end.

val() -> 42.
