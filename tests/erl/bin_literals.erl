-module(bin_literals).
-export([main/0]).
main() ->
    {<<"literal">>, <<1:3>>, <<1, 2, 3:5>>, [<<"a">>, {<<>>, <<"bb">>}], <<"a long literal binary that is more than sixty four bytes long, for sure, yes">>,
     byte_size(<<"a long literal binary that is more than sixty four bytes long, for sure, yes">>),
     lit() =:= <<"literal">>, bit_size(<<1, 2, 3:5>>), m(<<1, 2, 3:5>>)}.
lit() -> <<"literal">>.
m(<<X, Y, Z:5>>) -> {X, Y, Z}.
