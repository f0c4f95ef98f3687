%% External funs: to this module's exports, to BIFs, made with erlang:make_fun/3.
-module(fun_external).
-export([main/0, double/1, pair/2]).

main() ->
    D = fun ?MODULE:double/1,
    P = fun fun_external:pair/2,
    Len = fun erlang:length/1,
    Plus = fun erlang:'+'/2,
    Made = erlang:make_fun(fun_external, double, 1),
    Tl = erlang:make_fun(erlang, tl, 1),
    {D(21), P(a, b), Len([1, 2, 3]), Plus(2, 3), Made(5), Tl([1, 2]),
     D =:= Made, D, Len, is_function(Made, 1), is_function(Plus, 1)}.

double(X) -> 2 * X.

pair(A, B) -> {A, B}.
