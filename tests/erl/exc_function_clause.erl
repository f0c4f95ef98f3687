%% function_clause: the trace's first frame shows the arguments.
-module(exc_function_clause).
-export([main/0]).

main() ->
    A = try f(1, {x, "y"}) catch error:R:S -> {R, hd(S)} end,
    B = try g(atom) catch error:R2:S2 -> {R2, upto_main(S2)} end,
    {A, B}.

f(0, _) -> zero.

g(X) -> h(X, [X]).

h(I, L) when is_integer(I) -> {I, L}.

upto_main([{?MODULE, main, 0, _} = F | _]) -> [F];
upto_main([F | Rest]) -> [F | upto_main(Rest)];
upto_main([]) -> [].
