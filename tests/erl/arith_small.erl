%% Small-integer arithmetic: + - * div rem abs, unary minus, operator
%% precedence, div/rem with all sign combinations, min/max, overflow of
%% small results into bignums by multiplication.
-module(arith_small).
-export([main/0]).

main() ->
    Pairs = [{7, 2}, {-7, 2}, {7, -2}, {-7, -2}, {0, 5}, {5, 5}, {1, 7}, {-1, 7}],
    {[ops(A, B) || {A, B} <- Pairs],
     [abs(X) || X <- [-3, 0, 3, -134217728, -(1 bsl 64)]],
     [-X || X <- [5, -5, 0, 134217728]],
     2 + 3 * 4 - 10 div 3, (2 + 3) * (4 - 10) rem 7, - - 3, +4,
     min(3, 4), max(3, 4), min(-1, -(1 bsl 80)), max(1 bsl 80, 1),
     square_chain(3, 6), horner([3, 0, -2, 5], 7, 0)}.

ops(A, B) -> {A + B, A - B, A * B, A div B, A rem B}.

square_chain(X, 0) -> X;
square_chain(X, N) -> square_chain(X * X, N - 1).

horner([], _, Acc) -> Acc;
horner([C | Cs], X, Acc) -> horner(Cs, X, Acc * X + C).
