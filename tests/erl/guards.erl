%% Guards: sequences (,), alternatives (;), guard BIFs (element, tuple_size,
%% length, hd, tl, abs, arithmetic), andalso/orelse in guards, failing guard
%% BIFs making a clause false instead of raising.
-module(guards).
-export([main/0]).

main() ->
    Vals = [0, 5, -5, 12, a, [], [1, 2, 3], {1, 2}, {x, 3, 4}, [a | b], 1 bsl 70],
    [classify(V) || V <- Vals].

classify(X) when is_integer(X), X > 10; is_integer(X), X < -3 -> outside;
classify(X) when is_integer(X), abs(X) =< 10, X rem 2 =:= 1 -> odd_inside;
classify(X) when is_integer(X) andalso (X =:= 0 orelse X =:= 2) -> zero_or_two;
classify(X) when length(X) > 2 -> long_list;
classify(X) when hd(X) =:= a -> starts_with_a;
classify(X) when tuple_size(X) =:= 2, element(1, X) + element(2, X) =:= 3 -> pair_sum_3;
classify(X) when element(2, X) * element(3, X) > 10 -> big_product;
classify(X) when is_atom(X); X == [] -> atomish;
classify(X) when X == {1, 2, 3}; X /= {x, 3, 4}, is_tuple(X) -> tuple_eq;
classify(X) when tl(X) =/= [] -> tl_nonempty;
classify(_) -> other.
