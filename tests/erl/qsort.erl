%% Quicksort with explicit partition functions (no funs), on
%% pseudo-random integers, duplicates, sorted and reverse-sorted input.
-module(qsort).
-export([main/0]).

main() ->
    R = rand_list(2000, 42, []),
    S = qsort(R),
    {first(S, 10), last(S), sorted(S), length(S), qsort([3, 1, 2, 3, 1]),
     qsort(range(1, 300)) =:= range(1, 300),
     qsort(rev(range(1, 300), [])) =:= range(1, 300),
     qsort([b, 3, a, {x}, [], [1], -1 bsl 70])}.

qsort([]) -> [];
qsort([P | T]) ->
    {Lo, Hi} = partition(P, T, [], []),
    qsort(Lo) ++ [P | qsort(Hi)].

partition(_, [], Lo, Hi) -> {Lo, Hi};
partition(P, [X | Xs], Lo, Hi) when X < P -> partition(P, Xs, [X | Lo], Hi);
partition(P, [X | Xs], Lo, Hi) -> partition(P, Xs, Lo, [X | Hi]).

rand_list(0, _, Acc) -> Acc;
rand_list(N, S, Acc) ->
    S2 = (S * 69069 + 1) band 16#FFFFFFFF,
    rand_list(N - 1, S2, [S2 rem 10000 | Acc]).

sorted([A, B | T]) when A =< B -> sorted([B | T]);
sorted([_, _ | _]) -> false;
sorted(_) -> true.

first(_, 0) -> [];
first([H | T], N) -> [H | first(T, N - 1)].

last([X]) -> X;
last([_ | T]) -> last(T).

range(A, B) when A > B -> [];
range(A, B) -> [A | range(A + 1, B)].

rev([], Acc) -> Acc;
rev([H | T], Acc) -> rev(T, [H | Acc]).
