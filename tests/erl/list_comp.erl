%% Plain list comprehensions (compiled to local recursive functions):
%% filters, multiple generators, pattern generators, nested comprehensions.
-module(list_comp).
-export([main/0]).

main() ->
    L = seq(1, 20),
    {[X * X || X <- L],
     [X || X <- L, X rem 3 =:= 0],
     [{X, Y} || X <- seq(1, 3), Y <- [a, b]],
     [X || {X, true} <- [{1, true}, {2, false}, {3, true}, bad]],
     [[Y || Y <- seq(1, X)] || X <- seq(1, 4)],
     pyth(30),
     [X + Y || X <- L, X > 15, Y <- L, Y < 3],
     [X || X <- [], X > 0]}.

pyth(N) ->
    [{A, B, C} || A <- seq(1, N), B <- seq(A, N), C <- seq(B, N), A * A + B * B =:= C * C].

seq(A, B) when A > B -> [];
seq(A, B) -> [A | seq(A + 1, B)].
