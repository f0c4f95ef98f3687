-module(exceptions).
-export([try_throw/1, catch_all/1, no_clause/1]).

try_throw(F) ->
    try F()
    catch
        throw:X -> X
    end.

catch_all(F) -> catch F().

no_clause(X) ->
    case X of
        1 -> one
    end.
