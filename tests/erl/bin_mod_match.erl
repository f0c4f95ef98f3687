-module(bin_mod_match).
-export([main/0]).
%% binary:match/2,3 and matches/2,3: leftmost-longest among several patterns, scopes
%% (negative lengths count backwards), compiled patterns, non-overlapping global matches.
id(X) -> X.
main() ->
    S = id(<<"the quick brown fox jumps over the lazy dog">>),
    Cp1 = binary:compile_pattern(<<"o">>),
    CpN = binary:compile_pattern([<<"the">>, <<"fox">>, <<"o">>, <<"ox">>]),
    {binary:match(S, <<"quick">>), binary:match(S, <<"cat">>), binary:match(S, <<"g">>),
     binary:match(S, <<"t">>), binary:match(S, [<<"dog">>, <<"fox">>]),
     binary:match(S, [<<"fo">>, <<"fox">>, <<"f">>]),
     binary:match(S, <<"the">>, [{scope, {1, 42}}]),
     binary:match(S, <<"the">>, [{scope, {43, -20}}]),
     binary:match(S, <<"the">>, [{scope, {31, 3}}]),
     binary:match(S, <<"the">>, [{scope, {31, 2}}]),
     binary:match(S, <<"the">>, [{scope, {43, 0}}]),
     binary:match(S, <<"o">>, []), binary:match(S, Cp1), binary:match(S, Cp1, [{scope, {13, 10}}]),
     binary:match(S, CpN), binary:matches(S, CpN), binary:matches(S, Cp1),
     binary:matches(S, <<"o">>, [{scope, {20, -10}}]),
     binary:matches(<<"aaaa">>, <<"aa">>), binary:matches(<<"aaa">>, [<<"a">>, <<"aa">>]),
     binary:matches(<<"abcabc">>, [<<"a">>, <<"ab">>, <<"bca">>]),
     binary:matches(<<"abcde">>, [<<"bcd">>, <<"cde">>, <<"abcd">>]),
     binary:matches(<<"abcde">>, [<<"cde">>, <<"b">>]),
     binary:matches(<<>>, <<"a">>), binary:match(<<>>, <<"a">>),
     binary:matches(<<"xyz">>, <<"xyzw">>),
     binary:match(<<1, 2, 3, 255, 0, 255>>, <<255, 0>>),
     binary:matches(binary:copy(<<"ab">>, 100), <<"ba">>) =:= [{I, 2} || I <- lists:seq(1, 197, 2)],
     binary:match(binary:part(S, 4, 10), <<"brown">>),
     binary:matches(binary:part(S, 10, 20), [<<"o">>, <<"u">>]),
     binary:matches(S, [<<"over">>, <<"o">>, <<"ov">>]),
     binary:match(<<"aXbXc">>, <<"X">>, [{scope, {2, 3}}])}.
