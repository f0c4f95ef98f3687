%% Float arithmetic through float registers: mixed int/float, negation, division.
-module(float_arith).
-export([main/0]).

main() ->
    A = id(1.5), B = id(2.25), I = id(3),
    {A + B, A - B, A * B, A / B, -A, A * I, I / 2, (A + I) * (B - 1.0),
     poly(1.1), poly(-2.5), horner([1.0, -2.0, 0.5, 3.25], 1.75), 1.0e300 * 1.0e-300,
     0.1 + 0.2, 1 / 3, 2.0 * id(100000000000000000000)}.

poly(X) -> 3.0 * X * X - 2.0 * X + 0.5.

horner(Cs, X) -> h(Cs, X, 0.0).

h([], _, Acc) -> Acc;
h([C | Cs], X, Acc) -> h(Cs, X, Acc * X + C).

id(X) -> X.
