%% erlang:fun_info/2, is_function/1,2 and how funs print.
-module(fun_info).
-export([main/0, ext/2]).

main() ->
    K = 42,
    F = fun(X) -> {X, K} end,
    G = fun fun_info:ext/2,
    Items = [arity, module, name, env, type],
    {[erlang:fun_info(F, I) || I <- Items],
     [erlang:fun_info(G, I) || I <- Items],
     is_function(F), is_function(F, 1), is_function(F, 2), is_function(G, 2), is_function(self_not),
     F, G, F(1)}.

ext(A, B) -> {A, B}.
