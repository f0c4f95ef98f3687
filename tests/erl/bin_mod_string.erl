-module(bin_mod_string).
-export([main/0]).
%% string and unicode functions of stdlib that search binaries through binary:match and
%% compiled patterns, on binaries and mixed chardata.
main() ->
    S = <<"key1=value1;key2=value2;;key3=">>,
    Pairs = [list_to_tuple(string:split(P, "=")) || P <- string:lexemes(S, ";")],
    {Pairs, string:split(S, ";", all), string:split(S, ";", trailing),
     string:lexemes([<<"a b">>, " c ", <<"d">>], " "),
     string:replace(S, "=", ": ", all), string:replace(<<"aaa">>, "a", "b", trailing),
     string:find(S, "key2"), string:find(S, "nokey"), string:find(S, ";", trailing),
     string:split(<<"ÅÄÖ-åäö"/utf8>>, "-"), string:lexemes(<<"α,β,,γ"/utf8>>, ","),
     string:str("hello world", "o w"), string:rstr("hello world", "o"),
     string:prefix(<<"prefix-rest">>, "prefix-"), string:prefix(<<"abc">>, "x"),
     string:take(<<"aaabbb">>, "a"), string:take(<<"aaabbb">>, "a", true),
     string:equal(<<"abc">>, "abc"), string:trim(<<"\t x y \n">>, both),
     string:split(<<"a\r\nb\r\nc">>, "\r\n", all), string:lexemes(<<"a\r\nb\nc">>, "\r\n")}.
