%% Large tuples: make_tuple(1000), setelement in a loop, element sums,
%% tuple_to_list/list_to_tuple round trips, a tuple used as an array.
-module(big_tuple).
-export([main/0]).

main() ->
    T0 = erlang:make_tuple(1000, 0),
    T1 = fill(T0, 1000),
    T2 = bump(T1, 1, 5000),
    L = tuple_to_list(T2),
    {tuple_size(T2), element(1, T2), element(500, T2), element(1000, T2),
     sum(T2, 1000, 0), length(L), list_to_tuple(L) =:= T2,
     T1 < T2, T0 < {1},
     counts("the quick brown fox jumps over the lazy dog")}.

fill(T, 0) -> T;
fill(T, I) -> fill(setelement(I, T, I * I), I - 1).

bump(T, _, 0) -> T;
bump(T, I, N) ->
    J = (I * 37) rem 1000 + 1,
    bump(setelement(J, T, element(J, T) + 1), J, N - 1).

sum(_, 0, Acc) -> Acc;
sum(T, I, Acc) -> sum(T, I - 1, Acc + element(I, T)).

%% Letter histogram in a 26-tuple.
counts(S) -> tuple_to_list(count(S, erlang:make_tuple(26, 0))).

count([], T) -> T;
count([C | Cs], T) when C >= $a, C =< $z ->
    I = C - $a + 1,
    count(Cs, setelement(I, T, element(I, T) + 1));
count([_ | Cs], T) -> count(Cs, T).
