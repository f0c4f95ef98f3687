-module(bin_mod_replace).
-export([main/0]).
%% binary:replace/3,4 (Erlang in binary.erl, over binary:match/matches and binary:part).
id(X) -> X.
main() ->
    S = id(<<"abcde abcde">>),
    {binary:replace(S, <<"b">>, <<"[]">>), binary:replace(S, <<"b">>, <<"[]">>, [global]),
     binary:replace(S, <<"b">>, <<"[]">>, [global, {insert_replaced, 1}]),
     binary:replace(S, <<"b">>, <<"[-]">>, [global, {insert_replaced, [1, 2]}]),
     binary:replace(S, [<<"a">>, <<"cd">>], <<"_">>, [global]),
     binary:replace(S, <<"e">>, <<>>, [global, {scope, {5, 6}}]),
     binary:replace(S, binary:compile_pattern([<<"ab">>, <<"e">>]), <<"X">>, [global]),
     binary:replace(<<>>, <<"a">>, <<"b">>), binary:replace(<<"aaa">>, <<"a">>, <<"aa">>, [global]),
     binary:replace(<<"xyz">>, <<"q">>, <<"r">>, [global]),
     try binary:replace(S, <<"b">>, "notbin") catch C:R -> {C, R} end,
     try binary:replace(S, <<"b">>, <<"x">>, [bogus]) catch C2:R2 -> {C2, R2} end,
     try binary:replace(S, <<"b">>, <<"x">>, [{insert_replaced, 9}]) catch C3:R3 -> {C3, R3} end}.
