%% Naive doubly-recursive fib(25).
-module(fib).
-export([main/0]).

main() -> {fib(25), fib(0), fib(1), fib(10)}.

fib(0) -> 0;
fib(1) -> 1;
fib(N) -> fib(N - 1) + fib(N - 2).
