%% Structural equality and ordering of nested terms: == vs =:= on deep
%% tuples/lists with bignums, equal-but-not-identical terms built separately.
-module(equality_deep).
-export([main/0]).

main() ->
    A = build(6),
    B = build(6),
    C = tweak(build(6)),
    {A =:= B, A == B, A =/= C, A < C, C > A, A =:= C,
     same([1, {2, [3]}], [1, {2, [3]}]), same([1, {2, [3]}], [1, {2, [4]}]),
     same(1 bsl 90, (1 bsl 89) * 2), same(a, 'a'), same("ab", [97, 98]),
     same({}, []), same([], []), same({[]}, {[]}),
     compare(A, C), compare(C, A), compare(A, B)}.

build(0) -> [leaf, 1 bsl 65];
build(N) -> {N, build(N - 1), [N | build(N - 1)]}.

tweak([leaf, X]) -> [leaf, X + 1];
tweak({N, L, [H | R]}) -> {N, L, [H | tweak(R)]}.

same(X, Y) -> {X =:= Y, X == Y}.

compare(X, Y) when X < Y -> lt;
compare(X, Y) when X > Y -> gt;
compare(_, _) -> eq.
