%% Permutations and combinations built by recursion with explicit helpers
%% (insertion into every position), counts and first elements.
-module(permutations).
-export([main/0]).

main() ->
    P4 = perms([1, 2, 3, 4]),
    {length(P4), P4, length(perms([a, b, c, d, e, f, g])),
     combs(2, [a, b, c, d]), length(combs(5, seq(1, 12))),
     subsets([x, y, z])}.

perms([]) -> [[]];
perms([H | T]) -> insert_all(H, perms(T)).

insert_all(_, []) -> [];
insert_all(X, [P | Ps]) -> inserts(X, [], P) ++ insert_all(X, Ps).

%% All ways of inserting X into Pre ++ Post, Pre kept reversed.
inserts(X, Pre, []) -> [rev(Pre, [X])];
inserts(X, Pre, [H | T] = Post) -> [rev(Pre, [X | Post]) | inserts(X, [H | Pre], T)].

combs(0, _) -> [[]];
combs(_, []) -> [];
combs(K, [H | T]) -> prepend(H, combs(K - 1, T)) ++ combs(K, T).

prepend(_, []) -> [];
prepend(X, [L | Ls]) -> [[X | L] | prepend(X, Ls)].

subsets([]) -> [[]];
subsets([H | T]) -> S = subsets(T), S ++ prepend(H, S).

rev([], Acc) -> Acc;
rev([H | T], Acc) -> rev(T, [H | Acc]).

seq(A, B) when A > B -> [];
seq(A, B) -> [A | seq(A + 1, B)].
