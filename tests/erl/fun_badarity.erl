%% Calling a fun with the wrong number of arguments: {badarity, {Fun, Args}}.
-module(fun_badarity).
-export([main/0]).

main() ->
    F = make(),
    F(1, 2).

make() -> fun(X) -> X end.
