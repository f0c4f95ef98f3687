%% A function_clause whose arguments are on the heap (built at run time, so no compiler
%% turns them into a literal), caught by a handler that goes on allocating: the arguments
%% stay in x registers from the raise until the stack trace is built, and a collection in
%% between (every allocation under --gc-stress) must not leave them dangling. Compiled with
%% `erlc +r24` (as Elixir's beams are), `main/0`'s handler is split in two blocks by a label
%% after `build_stacktrace`, and `g/1` builds `[X]` on the heap; this file keeps the heap
%% arguments under the default options too. Only the frames up to main/0 are compared (the
%% oracle runs main/0 in a spawned process) and only {Module, Function} of each, besides the
%% arguments of the first.
-module(exc_handler_split_gc).
-export([main/0]).

main() ->
    S = try g(atom) catch error:_:S1 -> S1 end,
    A = {length(upto_main(S)), names(upto_main(S)), args(S)},
    N = length(lists:seq(1, 3)),
    S3 = try g2(N) catch error:function_clause:S2 -> S2 end,
    B = {length(upto_main(S3)), names(upto_main(S3)), args(S3)},
    C = try k({N, [N, N + 1]}, "abc" ++ integer_to_list(N)) catch error:R:S4 -> {R, args(S4)} end,
    {A, B, C}.

g(X) -> h(X, [X]).

g2(N) -> h(lists:seq(1, N), {tuple, [N | lists:seq(N, 5)]}).

h(I, L) when is_integer(I) -> {I, L}.

k({0, _}, _) -> zero.

upto_main([{?MODULE, main, 0, _} = F | _]) -> [F];
upto_main([F | Rest]) -> [F | upto_main(Rest)];
upto_main([]) -> [].

names(Frames) -> [{M, F} || {M, F, _, _} <- Frames].

args([{_, _, Args, _} | _]) when is_list(Args) -> Args;
args([{_, _, Arity, _} | _]) -> Arity.
