%% The inline fast paths of integer and float arithmetic and of number comparisons, and their
%% fallbacks at the edges: div, rem, bsl, bsr, bnot and unary minus on small integers (both
%% signs, 0, +-1, the 2^59 boundary and past it, bignum operands, floats and atoms where an
%% integer is expected), shift counts from -200 to 200 and beyond 64 bits, float + - * / on
%% floats, small integers and bignums (zero divisors, results that are not finite), and
%% float/integer comparisons in guards (around 2^53, where a float no longer holds every
%% integer), in bodies and with float literals.
-module(arith_inline_edges).
-export([main/0]).

-define(MAX, 576460752303423487).  % 2^59 - 1, the largest small integer
-define(MIN, -576460752303423488). % -2^59, the smallest

main() ->
    Ints = ints(),
    Others = [1.5, -0.0, foo, [], 1 bsl 64],
    Counts = [-200, -64, -63, -60, -59, -1, 0, 1, 3, 58, 59, 60, 63, 64, 200],
    {[{A, B, int_ops(A, B)} || A <- Ints, B <- Ints],
     [{A, B, int_ops(A, B)} || A <- Ints ++ Others, B <- Others],
     [{A, B, int_ops(A, B)} || A <- Others, B <- Ints],
     [{A, S, shifts(A, S)} || A <- Ints ++ Others, S <- Counts ++ huge_counts()],
     [{A, unary(A)} || A <- Ints ++ Others ++ [1.0e300, -2.5]],
     [{A, B, guards(A, B)} || A <- Ints, B <- [0, 1, -1, 2, 7, -7, 59, 60, 63, 64, -1.0, foo]],
     [{A, B, float_ops(A, B)} || A <- numbers(), B <- numbers()],
     [{A, B, compares(A, B)} || A <- compared(), B <- compared()],
     [{A, literal_compares(A)} || A <- compared()],
     [{A, float_guards(A)} || A <- numbers()],
     loops()}.

ints() ->
    [0, 1, -1, 2, -2, 7, -7, 3, -3, 1000000007, -1000000007,
     1 bsl 58, -(1 bsl 58), ?MAX, ?MIN, ?MAX - 1, ?MIN + 1,
     ?MAX + 1, ?MIN - 1, 1 bsl 63, -(1 bsl 63), 1 bsl 64, -(1 bsl 64), 1 bsl 100].

huge_counts() -> [100000000000, -100000000000, 1 bsl 70, -(1 bsl 70)].

numbers() ->
    [0, 1, -1, 3, -3, ?MAX, ?MIN, ?MAX + 1, 1 bsl 100, 0.0, -0.0, 1.0, -1.0, 0.5, 2.5, -7.25,
     1.0e308, -1.0e308, 1.0e-308, 5.0e-324, foo].

compared() ->
    [0, 1, -1, 2, 4, 9007199254740992, 9007199254740993, -9007199254740992, -9007199254740993,
     ?MAX, ?MIN, ?MAX + 1, ?MIN - 1, 1 bsl 100, -(1 bsl 100),
     0.0, -0.0, 1.0, -1.0, 1.5, 4.0, 9007199254740992.0, 9007199254740994.0,
     -9007199254740992.0, 576460752303423488.0, -576460752303423488.0, 1.0e300, -1.0e300,
     foo, [], {1.0}, [1.0]].

%% Each operation in a body (no fail label): errors raise, as on erl.
int_ops(A, B) ->
    [r(fun() -> A div B end), r(fun() -> A rem B end), r(fun() -> A bsl B end),
     r(fun() -> A bsr B end), r(fun() -> A + B end), r(fun() -> A - B end),
     r(fun() -> A * B end), r(fun() -> A band B end), r(fun() -> A bor B end),
     r(fun() -> A bxor B end)].

shifts(A, S) ->
    [r(fun() -> A bsl S end), r(fun() -> A bsr S end),
     r(fun() -> (A bsl S) bsr S end), r(fun() -> A bsl 3 end), r(fun() -> A bsr 3 end),
     r(fun() -> A bsl -3 end), r(fun() -> A bsr 59 end), r(fun() -> A bsl 60 end)].

unary(A) ->
    [r(fun() -> -A end), r(fun() -> bnot A end), r(fun() -> - (- A) end),
     r(fun() -> bnot (bnot A) end), r(fun() -> -A div 2 end)].

%% In guards: a failing operation fails the guard.
guards(A, B) ->
    [g_div(A, B), g_rem(A, B), g_bsl(A, B), g_bsr(A, B), g_neg(A), g_bnot(A),
     g_divrem(A, B)].

g_div(A, B) when A div B > 0 -> pos;
g_div(A, B) when A div B =< 0 -> nonpos;
g_div(_, _) -> failed.

g_rem(A, B) when A rem B =:= 0 -> zero;
g_rem(A, B) when A rem B < 0 -> neg;
g_rem(_, _) -> other.

g_bsl(A, B) when A bsl B > 1000 -> big;
g_bsl(A, B) when A bsl B >= 0 -> small;
g_bsl(_, _) -> other.

g_bsr(A, B) when A bsr B =:= -1 -> minus_one;
g_bsr(A, B) when A bsr B =:= 0 -> zero;
g_bsr(A, B) when is_integer(A bsr B) -> int;
g_bsr(_, _) -> failed.

g_neg(A) when -A > 0 -> pos;
g_neg(A) when -A == 0 -> zero;
g_neg(A) when -A < 0 -> neg;
g_neg(_) -> failed.

g_bnot(A) when bnot A >= 0 -> nonneg;
g_bnot(A) when bnot A < 0 -> neg;
g_bnot(_) -> failed.

g_divrem(A, B) when (A div B) * B + A rem B =:= A -> consistent;
g_divrem(_, _) -> failed.

float_ops(A, B) ->
    [r(fun() -> A + B end), r(fun() -> A - B end), r(fun() -> A * B end),
     r(fun() -> A / B end), r(fun() -> A / 2 end), r(fun() -> A * 2.0 end),
     r(fun() -> 1.5 - A end), r(fun() -> A / 0.5 end), r(fun() -> 3 / A end),
     r(fun() -> -A end), g_float(A, B)].

g_float(A, B) when A * A + B * B > 4.0 -> outside;
g_float(A, B) when A / B < 1 -> below;
g_float(A, B) when A - B == 0 -> same;
g_float(_, _) -> other.

float_guards(A) ->
    [fg1(A), fg2(A), fg3(A), fg4(A)].

fg1(X) when X * X > 4.0 -> big;
fg1(X) when X + 0.5 =:= 1.5 -> one;
fg1(_) -> other.

fg2(X) when X / 3 >= 1.0 -> ge;
fg2(X) when X - 1.0 =< -1 -> le;
fg2(_) -> other.

fg3(X) when X == 1.0 -> eq_one;
fg3(X) when X =:= 0.0 -> zero;
fg3(X) when X /= 1.5 -> ne;
fg3(_) -> other.

fg4(X) when X =/= -0.0, X < 9007199254740993 -> below;
fg4(X) when X > 9007199254740992.0 -> above;
fg4(_) -> other.

%% Comparisons as tests (is_lt, is_ge, is_eq, is_ne, is_eq_exact, is_ne_exact) and as values.
compares(A, B) ->
    {if A < B -> lt; true -> nlt end,
     if A >= B -> ge; true -> nge end,
     if A > B -> gt; true -> ngt end,
     if A =< B -> le; true -> nle end,
     if A == B -> eq; true -> neq end,
     if A /= B -> ne; true -> nne end,
     if A =:= B -> eeq; true -> neeq end,
     if A =/= B -> ene; true -> nene end,
     [A < B, A == B, A =:= B, A >= B]}.

literal_compares(A) ->
    {if A < 4.0 -> lt4; true -> nlt4 end,
     if 4.0 < A -> gt4; true -> ngt4 end,
     if A >= -0.0 -> ge0; true -> nge0 end,
     if A == 1.0 -> eq1; true -> neq1 end,
     if A =:= 1.0 -> eeq1; true -> neeq1 end,
     if A /= 4.0 -> ne4; true -> nne4 end,
     if A =/= 0.0 -> ene0; true -> nene0 end,
     if A == 9007199254740992.0 -> eq53; true -> neq53 end,
     if A < 9007199254740994.0 -> lt53; true -> nlt53 end}.

%% Loops that keep the fast paths hot, with results past 2^32 and past the small range.
loops() ->
    {sum_rem(1000, 0), shift_walk(1, 0, []), mandel(0.25, 0.5, 0.0, 0.0, 0),
     div_chain(?MAX, 0), neg_walk(?MIN + 3, 6, [])}.

sum_rem(0, Acc) -> Acc;
sum_rem(N, Acc) -> sum_rem(N - 1, Acc + N rem 7 + N div 3 + (N bsl 40) + (-N bsr 2) + bnot N).

shift_walk(V, 70, Acc) -> lists:reverse([V | Acc]);
shift_walk(V, I, Acc) -> shift_walk(V bsl 1, I + 1, [V bsr 1 | Acc]).

mandel(_, _, _, _, 50) -> 50;
mandel(_, _, X, Y, N) when X * X + Y * Y > 4.0 -> N;
mandel(Cx, Cy, X, Y, N) -> mandel(Cx, Cy, X * X - Y * Y + Cx, 2.0 * X * Y + Cy, N + 1).

div_chain(0, N) -> N;
div_chain(V, N) -> div_chain(V div 3, N + 1).

neg_walk(_, 0, Acc) -> Acc;
neg_walk(V, K, Acc) -> neg_walk(V - 1, K - 1, [{-V, bnot V, V div -1, V rem -1} | Acc]).

r(F) ->
    try F() catch C:R -> {C, R} end.
