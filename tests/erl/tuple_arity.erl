%% select_tuple_arity / test_arity: matching tuples of different sizes.
-module(tuple_arity).
-export([main/0]).

main() ->
    Ts = [{}, {a}, {a, b}, {a, b, c}, {1, 2, 3, 4}, {x, y, z, w, v},
          {1, 2, 3, 4, 5, 6}, {q, r, s, t, u, v, w}, [not_a_tuple], 42],
    {arity_names(Ts), sums(Ts), shapes(Ts)}.

arity_names([]) -> [];
arity_names([T | Rest]) -> [name(T) | arity_names(Rest)].

name({}) -> zero;
name({_}) -> one;
name({_, _}) -> two;
name({_, _, _}) -> three;
name({_, _, _, _}) -> four;
name({_, _, _, _, _}) -> five;
name({_, _, _, _, _, _}) -> six;
name(T) when is_tuple(T) -> many;
name(_) -> not_tuple.

sums([]) -> [];
sums([T | Rest]) -> [sum(T) | sums(Rest)].

sum({A, B}) when is_integer(A), is_integer(B) -> A + B;
sum({A, B, C}) when is_integer(A) -> A + B + C;
sum({A, B, C, D}) when is_integer(A) -> A + B + C + D;
sum({_, _, _, _, _, F}) -> F;
sum(_) -> none.

shapes([]) -> [];
shapes([T | Rest]) ->
    S = case T of
            {a, X} -> {pair_a, X};
            {a, _, Z} -> {triple_a, Z};
            {X, Y, Z, W} -> {quad, W, Z, Y, X};
            {_, _, _, _, V} -> {quint, V};
            _ -> nomatch
        end,
    [S | shapes(Rest)].
