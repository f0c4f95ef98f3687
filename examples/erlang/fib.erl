%% The example scripts/run compiles and runs: naive Fibonacci, a tail-recursive loop, a bignum.
-module(fib).
-export([main/0, fib/1]).

main() ->
    {fib(20), sum(seq(1, 100), 0), factorial(30)}.

fib(N) when N < 2 -> N;
fib(N) -> fib(N - 1) + fib(N - 2).

seq(From, To) when From > To -> [];
seq(From, To) -> [From | seq(From + 1, To)].

sum([H | T], Acc) -> sum(T, Acc + H);
sum([], Acc) -> Acc.

factorial(0) -> 1;
factorial(N) -> N * factorial(N - 1).
