%% Exceptions inside funs: caught outside, traces name the fun.
-module(fun_exceptions).
-export([main/0]).

main() ->
    F = fun(X) -> 10 div X end,
    A = try F(0) catch error:R:S -> {R, names(S)} end,
    G = fun() -> throw(inside) end,
    B = catch G(),
    H = fun(L) -> [X * 2 || X <- L] end,
    C = try H([1, a]) catch error:R2 -> R2 end,
    {A, B, C}.

names(Stack) ->
    [{M, Fn, Ar} || {M, Fn, Ar, _} <- upto_main(Stack)].

upto_main([{?MODULE, main, 0, _} = F | _]) -> [F];
upto_main([F | Rest]) -> [F | upto_main(Rest)];
upto_main([]) -> [].
