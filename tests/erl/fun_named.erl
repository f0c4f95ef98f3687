%% Named (recursive) funs and funs that capture other funs.
-module(fun_named).
-export([main/0]).

main() ->
    Fact = fun F(0) -> 1; F(N) -> N * F(N - 1) end,
    Fib = fun Fib(N) when N < 2 -> N; Fib(N) -> Fib(N - 1) + Fib(N - 2) end,
    Ack = fun A(0, N) -> N + 1; A(M, 0) -> A(M - 1, 1); A(M, N) -> A(M - 1, A(M, N - 1)) end,
    Twice = fun(G) -> fun(X) -> G(G(X)) end end,
    {Fact(25), Fib(20), Ack(2, 3), (Twice(Twice(fun(X) -> X + 3 end)))(0)}.
