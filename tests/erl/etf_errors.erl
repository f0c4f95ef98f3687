-module(etf_errors).
-export([main/0]).
%% What binary_to_term refuses (badarg) and accepts: truncated and malformed binaries, bad
%% compressed data, a map with a repeated key, trailing bytes; deep and long terms through
%% the format both ways.
main() ->
    Good = term_to_binary({ok, [1, 2, 3], <<"bin">>, #{k => v}}),
    Refused = [t(fun() -> binary_to_term(B) end)
               || B <- [<<>>, <<131>>, <<130, 97, 1>>, <<131, 97>>, <<131, 98, 0, 0>>,
                        <<131, 104, 2, 97, 1>>, <<131, 107, 0, 5, "abc">>,
                        <<131, 108, 0, 0, 0, 2, 97, 1, 106>>,
                        <<131, 109, 0, 0, 0, 10, "short">>,
                        <<131, 80, 0, 0, 0, 10, 1, 2, 3>>,
                        <<131, 80, 0, 0, 0, 2, 120, 156, 203, 0, 0>>,
                        <<131, 116, 0, 0, 0, 2, 100, 0, 1, "a", 97, 1, 100, 0, 1, "a", 97, 2>>,
                        <<131, 77, 0, 0, 0, 1, 0, 255>>,
                        <<131, 77, 0, 0, 0, 1, 9, 255>>,
                        <<131, 255>>,
                        binary:part(Good, 0, byte_size(Good) - 1),
                        not_a_binary]],
    Accepted = [binary_to_term(<<Good/binary, "junk">>),
                binary_to_term(<<131, 77, 0, 0, 0, 1, 3, 255>>),
                binary_to_term(<<131, 116, 0, 0, 0, 0>>),
                binary_to_term(<<131, 104, 0>>),
                binary_to_term(<<131, 108, 0, 0, 0, 0, 97, 7>>),
                binary_to_term(<<131, 115, 3, "abc">>),
                binary_to_term(<<131, 118, 0, 3, "xyz">>),
                binary_to_term(<<131, 110, 0, 0>>),
                binary_to_term(<<131, 110, 2, 1, 0, 1>>)],
    Deep = lists:foldl(fun(_, Acc) -> {Acc} end, leaf, lists:seq(1, 500)),
    Long = lists:seq(1, 100000),
    Trips = [binary_to_term(term_to_binary(Deep)) =:= Deep,
             binary_to_term(term_to_binary(Long)) =:= Long,
             byte_size(term_to_binary(Long)),
             byte_size(term_to_binary(Deep)),
             binary_to_term(term_to_binary(Long, [compressed])) =:= Long],
    {Refused, Accepted, Trips}.

t(F) -> try F() catch C:R -> {C, R} end.
