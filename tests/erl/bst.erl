%% Tuple-based unbalanced binary search tree: insert 10,000 pseudo-random
%% keys, look them up, count, compute height and an in-order checksum.
-module(bst).
-export([main/0]).

main() ->
    Keys = keys(10000, 12345, []),
    T = insert_all(Keys, nil),
    {tsize(T), height(T), lookups(Keys, T, 0), lookup(-1, T), lookup(1000003, T),
     checksum(inorder(T, []), 0), first(inorder(T, []), 5),
     min_key(T), max_key(T)}.

%% Linear congruential keys (deterministic), some duplicates.
keys(0, _, Acc) -> Acc;
keys(N, Seed, Acc) ->
    S = (Seed * 1103515245 + 12345) rem 2147483648,
    keys(N - 1, S, [S rem 1000000 | Acc]).

insert_all([], T) -> T;
insert_all([K | Ks], T) -> insert_all(Ks, insert(K, K * 2, T)).

insert(K, V, nil) -> {node, K, V, nil, nil};
insert(K, V, {node, K2, V2, L, R}) when K < K2 -> {node, K2, V2, insert(K, V, L), R};
insert(K, V, {node, K2, V2, L, R}) when K > K2 -> {node, K2, V2, L, insert(K, V, R)};
insert(K, V, {node, K, _, L, R}) -> {node, K, V, L, R}.

lookup(_, nil) -> none;
lookup(K, {node, K, V, _, _}) -> {ok, V};
lookup(K, {node, K2, _, L, _}) when K < K2 -> lookup(K, L);
lookup(K, {node, _, _, _, R}) -> lookup(K, R).

lookups([], _, Acc) -> Acc;
lookups([K | Ks], T, Acc) ->
    {ok, V} = lookup(K, T),
    lookups(Ks, T, Acc + V).

tsize(nil) -> 0;
tsize({node, _, _, L, R}) -> 1 + tsize(L) + tsize(R).

height(nil) -> 0;
height({node, _, _, L, R}) -> 1 + max(height(L), height(R)).

inorder(nil, Acc) -> Acc;
inorder({node, K, _, L, R}, Acc) -> inorder(L, [K | inorder(R, Acc)]).

checksum([], Acc) -> Acc;
checksum([K | Ks], Acc) -> checksum(Ks, (Acc * 31 + K) rem 1000000007).

first(_, 0) -> [];
first([H | T], N) -> [H | first(T, N - 1)].

min_key({node, K, _, nil, _}) -> K;
min_key({node, _, _, L, _}) -> min_key(L).

max_key({node, K, _, _, nil}) -> K;
max_key({node, _, _, _, R}) -> max_key(R).
