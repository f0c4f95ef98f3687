%% Re-raising: unmatched classes propagate, erlang:raise/3 keeps the given trace.
-module(exc_rethrow).
-export([main/0]).

main() ->
    A = try only_throws(fun_error) catch error:R -> {outer_caught, R} end,
    B = try reraise(throw, x) catch throw:X:S -> {X, upto_main(S)} end,
    C = try erlang:raise(exit, why, [{m, f, 1, []}]) catch exit:W:S2 -> {W, S2} end,
    D = try erlang:raise(nonsense, why, []) catch error:E -> E end,
    E2 = try erlang:raise(error, why, not_a_list) catch error:E3 -> E3 end,
    {A, B, C, D, E2}.

only_throws(What) ->
    try raise_it(What) catch throw:T -> {caught_throw, T} end.

raise_it(fun_error) -> error(not_a_throw).

reraise(Class, Reason) ->
    try raise_class(Class, Reason)
    catch C:R:St -> erlang:raise(C, {again, R}, St)
    end.

raise_class(throw, R) -> throw(R).

upto_main([{?MODULE, main, 0, _} = F | _]) -> [F];
upto_main([F | Rest]) -> [F | upto_main(Rest)];
upto_main([]) -> [].
