%% A float result that is not finite raises badarith.
-module(float_badarith).
-export([main/0]).

main() ->
    X = id(1.0e308),
    X * 10.0.

id(X) -> X.
