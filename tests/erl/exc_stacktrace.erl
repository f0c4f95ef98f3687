%% Stack traces: the raising function, then each caller with the line of its call.
-module(exc_stacktrace).
-export([main/0]).

main() ->
    T1 = try a(1) catch error:R1:S1 -> {R1, upto_main(S1)} end,
    T2 = try b(2) catch throw:R2:S2 -> {R2, upto_main(S2)} end,
    T3 = try c([1, 2, 3]) catch exit:R3:S3 -> {R3, upto_main(S3)} end,
    T4 = try tail(5) catch error:R4:S4 -> {R4, upto_main(S4)} end,
    {T1, T2, T3, T4}.

a(N) ->
    X = b_wrap(N),
    X + 1.

b_wrap(N) ->
    Y = leaf(N),
    [Y].

leaf(N) when N > 0 ->
    error({leaf, N}).

b(N) ->
    R = throw_it(N),
    {R}.

throw_it(N) -> throw({thrown, N}).

c(L) ->
    Len = length(L),
    Z = exit_with(Len),
    {Z}.

exit_with(N) -> exit({exited, N}).

tail(0) -> error(at_bottom);
tail(N) -> tail(N - 1).

upto_main([{?MODULE, main, 0, _} = F | _]) -> [F];
upto_main([F | Rest]) -> [F | upto_main(Rest)];
upto_main([]) -> [].
