%% Tuples: get_tuple_element, put_tuple2, element/setelement/tuple_size,
%% make_tuple, tuple_to_list, list_to_tuple, nested tuples, empty tuple.
-module(tuples_basic).
-export([main/0, id/1]).

main() ->
    T = id({a, 1, [x], {b, 2}}),
    E0 = id({}),
    {A, B, C, {D, E}} = T,
    Big = list_to_tuple(count(40)),
    {A, B, C, D, E,
     element(1, T), element(4, T), tuple_size(T), tuple_size(E0),
     setelement(2, T, changed),
     setelement(1, setelement(4, T, z), y),
     erlang:make_tuple(id(3), q),
     erlang:make_tuple(id(0), q),
     tuple_to_list(T), tuple_to_list(E0),
     list_to_tuple(id([1, 2, 3])), list_to_tuple(id([])),
     element(40, Big), tuple_size(Big),
     sum_elems(Big, tuple_size(Big), 0),
     swap(id({left, right})),
     {{{{deep}}}},
     fill(erlang:make_tuple(5, 0), 5)}.

count(0) -> [];
count(N) -> count(N - 1) ++ [N].

sum_elems(_, 0, Acc) -> Acc;
sum_elems(T, I, Acc) -> sum_elems(T, I - 1, Acc + element(I, T)).

swap({X, Y}) -> {Y, X}.

fill(T, 0) -> T;
fill(T, I) -> fill(setelement(I, T, I * I), I - 1).

%% Exported, so the compiler cannot see through it and fold the callers.
id(X) -> X.
