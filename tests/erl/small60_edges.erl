%% Integers at the edge of the 60-bit immediates of 64-bit terms (2^59), where inline
%% arithmetic must overflow into bignums exactly as BEAM does, and where every BIF that looks
%% at an integer's representation (hashing, the external format, map order, float
%% conversion, printing) must not see a difference between a small and a bignum.
-module(small60_edges).
-export([main/0]).
-compile({nowarn_deprecated_function, [{erlang, phash, 2}]}).

main() ->
    Edges = edges(),
    Pairs = [{A, B} || A <- Edges, B <- [1, -1, 2, 3, 16, 1 bsl 29, 1 bsl 30, 1 bsl 31]],
    [[arith(A, B) || {A, B} <- Pairs],
     [shifts(id(A)) || A <- Edges],
     [bits(id(A), id(B)) || {A, B} <- Pairs],
     [compare(id(A), id(B)) || A <- Edges, B <- Edges],
     [conversions(id(A)) || A <- Edges],
     maps_of(Edges),
     counter(id(1 bsl 58), 0),
     lists:sum([id(1 bsl 58) || _ <- lists:seq(1, 5)])].

edges() ->
    P = id(1 bsl 59),
    [P - 2, P - 1, P, P + 1, -P - 1, -P, -P + 1, -P + 2, (P - 1) div 2, P * 2,
     id(1 bsl 60) - 1, id(1 bsl 62), id(1 bsl 63), id(1 bsl 64), 0, -1,
     id(16#0FFFFFFF), id(16#7FFFFFFF), id(16#FFFFFFFF), id(16#100000000)].

arith(A, B) ->
    {A + B, A - B, B - A, A * B, -A, abs(A), A div B, A rem B, A + B - B =:= A,
     (A * B) div B =:= A}.

shifts(A) ->
    {A bsl 1, A bsl 3, A bsl 4, A bsl 5, A bsl 31, A bsl 32, A bsl 60, A bsr 1, A bsr 59,
     A bsr 60, A bsr 64, A bsl -2, A bsr -3, bnot A}.

bits(A, B) -> {A band B, A bor B, A bxor B, A band -B, bnot (A bxor B)}.

compare(A, B) -> {A < B, A =< B, A == B, A =:= B, A > B, A >= B, A == float(B)}.

conversions(A) ->
    {float(A), trunc(float(A)) - A, integer_to_list(A), integer_to_binary(A, 16),
     list_to_integer(integer_to_list(A)) =:= A, binary_to_term(term_to_binary(A)) =:= A,
     term_to_binary(A), erlang:phash2(A), erlang:phash(A, 1 bsl 32), is_integer(A),
     <<A:64/signed>>, <<A:72>>, byte_size(<<A:61>>), A band 16#FFFF}.

maps_of(Edges) ->
    M = maps:from_list([{E, I} || {I, E} <- lists:zip(lists:seq(1, length(Edges)), Edges)]),
    {maps:keys(M), maps:get(id(1 bsl 59), M), maps:is_key(id((1 bsl 59) - 1), M),
     lists:sort(Edges), lists:usort([float(E) || E <- Edges])}.

%% A counter that crosses 2^59 on the way: small, then bignum, then back.
counter(N, Steps) when Steps < 40 ->
    Next = if Steps < 20 -> N + (1 bsl 54); true -> N - (1 bsl 54) end,
    [N | counter(Next, Steps + 1)];
counter(N, _) -> [N].

id(X) -> X.
