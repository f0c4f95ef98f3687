%% Uncaught error: {badmatch, {ok, 3}} from a pattern match on a runtime value.
-module(error_badmatch).
-export([main/0, fetch/1]).

main() ->
    {error, _} = fetch(3),
    unreachable.

fetch(X) -> {ok, X}.
