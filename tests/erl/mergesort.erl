%% Top-down merge sort with split/merge, plus a stable sort of pairs by key.
-module(mergesort).
-export([main/0]).

main() ->
    R = rnd(5000, 7, []),
    S = msort(R),
    {take(S, 8), ordered(S), length(S),
     ksort([{3, a}, {1, b}, {3, c}, {2, d}, {1, e}]),
     msort([c, 1, {}, [], b, 2, "x", a])}.

msort([]) -> [];
msort([X]) -> [X];
msort(L) ->
    {A, B} = split(L, [], []),
    merge(msort(A), msort(B)).

split([], A, B) -> {A, B};
split([X | Xs], A, B) -> split(Xs, B, [X | A]).

merge([], B) -> B;
merge(A, []) -> A;
merge([X | Xs], [Y | _] = Ys) when X =< Y -> [X | merge(Xs, Ys)];
merge(Xs, [Y | Ys]) -> [Y | merge(Xs, Ys)].

%% Stable by key: split keeping order, merge preferring the left on ties.
ksort([]) -> [];
ksort([X]) -> [X];
ksort(L) ->
    {A, B} = halve(L, length(L) div 2, []),
    kmerge(ksort(A), ksort(B)).

halve(L, 0, Acc) -> {rev(Acc, []), L};
halve([H | T], N, Acc) -> halve(T, N - 1, [H | Acc]).

kmerge([], B) -> B;
kmerge(A, []) -> A;
kmerge([{K1, _} = X | Xs], [{K2, _} | _] = Ys) when K1 =< K2 -> [X | kmerge(Xs, Ys)];
kmerge(Xs, [Y | Ys]) -> [Y | kmerge(Xs, Ys)].

rnd(0, _, Acc) -> Acc;
rnd(N, S, Acc) ->
    S2 = (S * 1664525 + 1013904223) rem 4294967296,
    rnd(N - 1, S2, [S2 bsr 16 | Acc]).

ordered([A, B | T]) when A =< B -> ordered([B | T]);
ordered([_, _ | _]) -> false;
ordered(_) -> true.

take(_, 0) -> [];
take([H | T], N) -> [H | take(T, N - 1)].

rev([], Acc) -> Acc;
rev([H | T], Acc) -> rev(T, [H | Acc]).
