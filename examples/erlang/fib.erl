%% The example scripts/run compiles: naive Fibonacci, a tail-recursive loop, and a list.
-module(fib).
-export([main/0, fib/1]).

main() ->
    {fib(20), sum(lists:seq(1, 100), 0)}.

fib(N) when N < 2 -> N;
fib(N) -> fib(N - 1) + fib(N - 2).

sum([H | T], Acc) -> sum(T, Acc + H);
sum([], Acc) -> Acc.
