%% apply/3 of a function that does not exist: undef.
-module(fun_apply_undef).
-export([main/0]).

main() ->
    M = list_to_atom("no_such_module_here"),
    apply(M, go, [1, 2]).
