%% A pool of workers computes in parallel; results gathered by reference.
-module(proc_workers).
-export([main/0]).

main() ->
    Self = self(),
    Jobs = [{make_ref(), N} || N <- seq(20, 25)],
    [spawn(fun() -> Self ! {Ref, fib(N)} end) || {Ref, N} <- Jobs],
    [receive {Ref, V} -> {N, V} end || {Ref, N} <- Jobs].

fib(N) when N < 2 -> N;
fib(N) -> fib(N - 1) + fib(N - 2).

seq(A, B) when A > B -> [];
seq(A, B) -> [A | seq(A + 1, B)].
