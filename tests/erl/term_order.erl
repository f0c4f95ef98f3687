%% Term order across types: number < atom < tuple < nil < list, plus
%% ordering within tuples (size first), lists (lexicographic), atoms (by name).
-module(term_order).
-export([main/0]).

main() ->
    Vals = [[a], 1 bsl 65, zeta, {1, 2}, [], -7, {}, alpha, {0, 0, 0}, [a, b],
            -(1 bsl 65), 0, {z}, "abc", "abd", [1 | 2], [1], '', {1, 1}, 3],
    {isort(Vals), pairs(Vals), min(a, 1), max(a, 1), min({}, []), max([], {}),
     max([1], []), min(zeta, alpha), min(1 bsl 100, 1 bsl 99),
     {1, 2} < {2, 1}, {2} < {1, 1}, [2] > [1, 1], [a] < [a | b],
     'a' < 'aa', 'B' < 'a', [] < [[]], {[]} > {a}}.

isort([]) -> [];
isort([H | T]) -> ins(H, isort(T)).

ins(X, []) -> [X];
ins(X, [Y | Ys]) when X =< Y -> [X, Y | Ys];
ins(X, [Y | Ys]) -> [Y | ins(X, Ys)].

pairs([A, B | T]) -> [{A < B, A == B, A =:= B, A >= B} | pairs([B | T])];
pairs(_) -> [].
