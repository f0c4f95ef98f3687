%% An uncaught function_clause from a code-path function with an argument code's guard
%% rejects.
-module(code_which_clause).
-export([main/0]).

main() ->
    code:which("lists").
