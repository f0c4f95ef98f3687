%% All comparison operators on small integers and bignums, including
%% small/bignum boundaries and mixed signs.
-module(compare_ints).
-export([main/0]).

main() ->
    Ns = [-(1 bsl 64), -(1 bsl 31), -134217729, -134217728, -1, 0, 1,
          134217727, 134217728, 1 bsl 31, 1 bsl 64],
    {all_pairs(Ns, Ns), eqs(), max3(3, 9, -2), min3(3, 9, -2)}.

all_pairs([], _) -> [];
all_pairs([A | As], Bs) -> [row(A, Bs) | all_pairs(As, Bs)].

row(_, []) -> [];
row(A, [B | Bs]) -> [cmp(A, B) | row(A, Bs)].

cmp(A, B) ->
    b(A < B) * 32 + b(A > B) * 16 + b(A =< B) * 8 + b(A >= B) * 4
        + b(A == B) * 2 + b(A /= B).

b(true) -> 1;
b(false) -> 0.

eqs() ->
    Big1 = (1 bsl 80) + 5,
    Big2 = (1 bsl 80) + 5,
    {Big1 =:= Big2, Big1 =/= Big2, Big1 == Big2, Big1 /= Big2 + 1,
     guard_cmp(5), guard_cmp(-5), guard_cmp(0), guard_cmp(Big1)}.

guard_cmp(X) when X > 0, X < 100 -> small_pos;
guard_cmp(X) when X < 0 -> neg;
guard_cmp(X) when X =:= 0 -> zero;
guard_cmp(X) when X >= 100 -> big.

max3(A, B, C) when A >= B, A >= C -> A;
max3(_, B, C) when B >= C -> B;
max3(_, _, C) -> C.

min3(A, B, C) when A =< B, A =< C -> A;
min3(_, B, C) when B =< C -> B;
min3(_, _, C) -> C.
