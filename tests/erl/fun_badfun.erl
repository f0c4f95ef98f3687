%% Calling a term that is not a fun: {badfun, Term}.
-module(fun_badfun).
-export([main/0]).

main() ->
    F = make(),
    F(1).

make() -> {not_a, fun_at_all}.
