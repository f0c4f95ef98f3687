%% select_val on integers: dense ranges (jump tables) and sparse values,
%% negative keys, bignum keys falling through to the default.
-module(select_ints).
-export([main/0]).

main() ->
    Keys = [-3, -1, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 100, 1000, 65536,
            1 bsl 40, -(1 bsl 40), 123456789, a],
    {[dense(K) || K <- Keys], [sparse(K) || K <- Keys], [neg(K) || K <- Keys],
     [roman(N) || N <- [1, 4, 9, 14, 40, 90, 400, 1994, 2024]]}.

dense(0) -> zero;
dense(1) -> one;
dense(2) -> two;
dense(3) -> three;
dense(4) -> four;
dense(5) -> five;
dense(6) -> six;
dense(7) -> seven;
dense(8) -> eight;
dense(9) -> nine;
dense(_) -> other.

sparse(K) ->
    case K of
        1 -> a;
        10 -> b;
        100 -> c;
        1000 -> d;
        65536 -> e;
        123456789 -> f;
        -1 -> g;
        _ -> z
    end.

neg(-3) -> m3;
neg(-2) -> m2;
neg(-1) -> m1;
neg(0) -> z;
neg(X) when is_integer(X), X > 0 -> pos;
neg(_) -> no.

roman(0) -> [];
roman(N) when N >= 1000 -> "M" ++ roman(N - 1000);
roman(N) when N >= 900 -> "CM" ++ roman(N - 900);
roman(N) when N >= 500 -> "D" ++ roman(N - 500);
roman(N) when N >= 400 -> "CD" ++ roman(N - 400);
roman(N) when N >= 100 -> "C" ++ roman(N - 100);
roman(N) when N >= 90 -> "XC" ++ roman(N - 90);
roman(N) when N >= 50 -> "L" ++ roman(N - 50);
roman(N) when N >= 40 -> "XL" ++ roman(N - 40);
roman(N) when N >= 10 -> "X" ++ roman(N - 10);
roman(9) -> "IX";
roman(N) when N >= 5 -> "V" ++ roman(N - 5);
roman(4) -> "IV";
roman(N) -> "I" ++ roman(N - 1).
