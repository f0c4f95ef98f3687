%% Higher-order functions written here: map, filter, foldl, zipwith, sort by a comparator.
-module(fun_higher_order).
-export([main/0]).

main() ->
    L = seq(1, 20),
    Sq = map(fun(X) -> X * X end, L),
    Even = filter(fun(X) -> X rem 2 =:= 0 end, Sq),
    Sum = foldl(fun(X, Acc) -> X + Acc end, 0, Even),
    Zip = zipwith(fun(A, B) -> {A, B} end, [a, b, c], [1, 2, 3]),
    Sorted = sort(fun(A, B) -> A >= B end, [3, 1, 4, 1, 5, 9, 2, 6]),
    Pipeline = foldl(fun(F, Acc) -> F(Acc) end, 1, [fun(X) -> X + 1 end, fun(X) -> X * 10 end, fun(X) -> X - 3 end]),
    {Sum, Zip, Sorted, Pipeline, length(map(fun(X) -> {X} end, seq(1, 50000)))}.

map(_, []) -> [];
map(F, [H | T]) -> [F(H) | map(F, T)].

filter(_, []) -> [];
filter(P, [H | T]) ->
    case P(H) of
        true -> [H | filter(P, T)];
        false -> filter(P, T)
    end.

foldl(_, Acc, []) -> Acc;
foldl(F, Acc, [H | T]) -> foldl(F, F(H, Acc), T).

zipwith(F, [A | As], [B | Bs]) -> [F(A, B) | zipwith(F, As, Bs)];
zipwith(_, [], []) -> [].

sort(_, []) -> [];
sort(Le, [P | Rest]) ->
    sort(Le, [X || X <- Rest, Le(X, P)]) ++ [P] ++ sort(Le, [X || X <- Rest, not Le(X, P)]).

seq(A, B) when A > B -> [];
seq(A, B) -> [A | seq(A + 1, B)].
