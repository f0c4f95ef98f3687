%% No `of` clause matches: try_clause, uncaught.
-module(exc_try_clause).
-export([main/0]).

main() ->
    try id(3) of
        1 -> one;
        2 -> two
    catch
        throw:_ -> thrown
    end.

id(X) -> X.
