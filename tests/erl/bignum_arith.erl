%% Bignum arithmetic: factorial 30, 2^200, products of large numbers,
%% fibonacci into bignums, mixed-sign div/rem, gcd.
-module(bignum_arith).
-export([main/0]).

main() ->
    F30 = fact(30),
    P200 = pow(2, 200),
    {F30, P200, fact(50) div fact(48), P200 - 1, P200 + F30, P200 * F30,
     pow(3, 100), pow(-7, 33), fib(300, 0, 1),
     divrem(F30, 1234567), divrem(-F30, 1234567), divrem(F30, -1234567),
     divrem(-F30, -1234567), divrem(P200, P200 div 3 + 1), divrem(-17, 5), divrem(17, -5),
     divrem(-17, -5), divrem(7, 7), divrem(1 bsl 64, 1 bsl 32),
     gcd(fact(40), pow(6, 50)), gcd(-F30, 1 bsl 70),
     P200 div F30, P200 rem F30, -(P200 div 7),
     sum_digits(fact(100), 0)}.

fact(0) -> 1;
fact(N) -> N * fact(N - 1).

pow(_, 0) -> 1;
pow(B, E) -> B * pow(B, E - 1).

fib(0, A, _) -> A;
fib(N, A, B) -> fib(N - 1, B, A + B).

divrem(A, B) -> {A div B, A rem B}.

gcd(A, 0) -> abs(A);
gcd(A, B) -> gcd(B, A rem B).

sum_digits(0, Acc) -> Acc;
sum_digits(N, Acc) -> sum_digits(N div 10, Acc + N rem 10).
