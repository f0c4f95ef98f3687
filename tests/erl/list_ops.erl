%% ++ and -- in their corner cases: empty operands, duplicates, removal
%% order, improper right operand of ++, nested lists, large lists.
%% Operands go through the exported id/1 so the compiler cannot fold them.
-module(list_ops).
-export([main/0, id/1]).

main() ->
    Big = range(1, 3000),
    {id([1, 2]) ++ id([3]), id([]) ++ id([a]), id([a]) ++ id([]), id([]) ++ id([]),
     id([1]) ++ id(2), id([1, 2]) ++ id({t}),
     id([1, 2, 3, 2, 1]) -- id([2]), id([1, 2, 3, 2, 1]) -- id([2, 2]),
     id([1, 2, 3]) -- id([4]), id([]) -- id([1]),
     id([a, b, c]) -- id([]), id([a, b, c]) -- id([c, b, a]), id("hello world") -- id("lo"),
     id([[1], [2], [1]]) -- id([[1]]), id([{a, 1}, {b, 2}]) -- id([{a, 1}]),
     id([1 bsl 70, 5, 1 bsl 70]) -- id([1 bsl 70]),
     length(Big ++ Big), length(Big -- range(1, 2999)), (Big -- range(2, 3000)),
     concat([[1, 2], [], [3], [4, 5, 6]]), flatten([1, [2, [3, [4]], 5], [[[]]], 6])}.

id(X) -> X.

range(A, B) when A > B -> [];
range(A, B) -> [A | range(A + 1, B)].

concat([]) -> [];
concat([L | Ls]) -> L ++ concat(Ls).

flatten([]) -> [];
flatten([H | T]) when is_list(H) -> flatten(H) ++ flatten(T);
flatten([H | T]) -> [H | flatten(T)].
