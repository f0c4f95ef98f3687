%% apply/2, apply/3 and Mod:Fun(Args) with module and function known only at run time.
-module(fun_apply).
-export([main/0, triple/1, sum3/3, none/0]).

main() ->
    M = list_to_atom("fun_apply"),
    F = list_to_atom("triple"),
    A = apply(M, F, [7]),
    B = apply(fun(X, Y) -> X - Y end, [10, 4]),
    C = M:sum3(1, 2, 3),
    G = sum3,
    D = M:G(4, 5, 6),
    E = apply(erlang, element, [2, {a, b, c}]),
    Fn = apply(M, none, []),
    Last = tail_apply(M, [100]),
    {A, B, C, D, E, Fn, Last}.

triple(X) -> 3 * X.
sum3(A, B, C) -> A + B + C.
none() -> nothing.

tail_apply(M, Args) -> apply(M, triple, Args).
