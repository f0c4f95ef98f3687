%% Closures capture their free variables; funs returned from funs; nested closures.
-module(fun_closures).
-export([main/0]).

main() ->
    Add = adder(10),
    Mul = fun(X) -> X * 3 end,
    Compose = compose(Add, Mul),
    Counter = counter(0),
    {C1, Next} = Counter(),
    {C2, _} = Next(),
    Nested = fun(A) -> fun(B) -> fun(C) -> {A, B, C} end end end,
    Curried = ((Nested(1))(two))("three"),
    Big = make_many(5, 1000),
    {Add(5), Compose(2), C1, C2, Curried, Big}.

adder(N) -> fun(X) -> X + N end.

compose(F, G) -> fun(X) -> G(F(X)) end.

counter(N) -> fun() -> {N, counter(N + 1)} end.

make_many(K, Base) ->
    Funs = [fun(X) -> X + I * Base end || I <- seq(1, K)],
    [F(7) || F <- Funs].

seq(A, B) when A > B -> [];
seq(A, B) -> [A | seq(A + 1, B)].
