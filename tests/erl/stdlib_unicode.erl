% stdlib group: unicode's C BIFs (characters_to_binary/2, characters_to_list/2, bin_is_7bit/1)
% under characters_to_list/1,2 and characters_to_binary/1,2,3: nested chardata, UTF-8 split
% across binaries, {error, ...} rests, {incomplete, ...}, badarg, latin1 and UTF-16/32 output.
-module(stdlib_unicode).
-export([main/0]).

t(F) -> try F() catch C:R -> {C, R} end.

cases() ->
    [[1,2,-1,3], [[1,-1,3],4], [[1,[2,-1],3],4], [1|<<2>>], [<<"a">>, <<255>>, "b"], [<<"a">>, <<195>>], [<<"a">>, <<195>>, <<169>>],
     [<<"a", 195>> | <<169>>], <<"ab", 226, 130>>, <<"ab", 226, 130, 65>>, [16#D800], [16#110000, 1], [a], a, [1|2], [[]|<<>>], <<"é"/utf8>>, [<<1>>, [<<2>>, 300, <<3,200>>]],
     [<<1,200>> | 5], [1, [2, <<3>>] | <<200>>], [1, [2, <<3>> | <<255,1>>], 3], <<0:1>>, [<<0:1>>]].

cases2() ->
    [[-1, a], [1, -1 | a], [<<255>>, a], [<<195>>, 65], [<<"a",195>>, <<65>>], [<<195>>, -1], [<<195>> | <<169>>], [<<195>>, [], <<169>>],
           [<<195>>, <<>>, <<169>>], <<195>>, <<225,128>>, [<<225>>, <<128>>, <<128>>], [<<225>>, <<128>>], [[<<225>>], <<128>>, 65], 65, [-1|a], [<<255>>|a], [1, 2 | -1],
           [<<"abc">>, <<16#F4, 16#90, 16#80, 16#80>>], <<237,160,128>>, <<192,128>>, <<240,128>>, [<<"é"/utf8>>, <<0:1>>], [<<>>, [[], <<>>], 1]].

main() ->
    Cases = cases() ++ cases2(),
    {[t(fun() -> unicode:characters_to_binary(X) end) || X <- Cases],
     [t(fun() -> unicode:characters_to_list(X) end) || X <- Cases],
     [t(fun() -> unicode:characters_to_binary(X, latin1) end) || X <- Cases],
     [t(fun() -> unicode:characters_to_list(X, latin1) end) || X <- Cases],
     [t(fun() -> unicode:characters_to_binary(X, utf8) end) || X <- Cases],
     [t(fun() -> unicode:characters_to_binary(X, latin1, utf8) end) || X <- Cases],
     [t(fun() -> unicode:characters_to_binary(X, unicode, latin1) end) || X <- Cases],
     [t(fun() -> unicode:characters_to_binary(X, unicode, E) end)
      || X <- ["abc", "h\x{e9}llo \x{1F600}", [<<"z"/utf8>>, 16#10FFFF]],
         E <- [utf16, {utf16, little}, utf32, {utf32, little}, latin1]],
     [t(fun() -> unicode:characters_to_binary(X, E, unicode) end)
      || {X, E} <- [{<<0, 65, 216, 61, 222, 0>>, utf16}, {<<65, 0>>, {utf16, little}},
                    {<<0, 0, 0, 65>>, utf32}, {<<65, 0, 0, 0, 66, 0>>, {utf32, little}},
                    {<<0, 65, 0>>, utf16}]],
     [t(fun() -> unicode:characters_to_binary(X, foo) end) || X <- [[1], <<>>]],
     [t(fun() -> unicode:characters_to_list(X, bar) end) || X <- [[1], <<>>]],
     unicode:bom_to_encoding(<<239, 187, 191, 1>>), unicode:characters_to_list(<<"\x{1F600}"/utf8>>)}.
