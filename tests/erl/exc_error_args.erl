%% error/2 shows its argument list in the raising function's frame; undef shows the call.
-module(exc_error_args).
-export([main/0]).

main() ->
    A = try check(1, 2) catch error:R:S -> {R, hd(S)} end,
    B = try missing_mod:call(1, two) catch error:R2:S2 -> {R2, hd(S2)} end,
    {A, B}.

check(X, Y) when X < Y -> error(out_of_order, [X, Y]);
check(_, _) -> ok.
