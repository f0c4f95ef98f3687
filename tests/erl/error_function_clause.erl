%% Uncaught error: function_clause from a local call with no matching head,
%% reached after some recursion.
-module(error_function_clause).
-export([main/0, walk/1]).

main() -> walk([1, 2, 3, oops, 5]).

walk([]) -> done;
walk([X | T]) when is_integer(X) -> walk(T).
