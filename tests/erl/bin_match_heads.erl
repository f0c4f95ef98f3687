-module(bin_match_heads).
-export([main/0]).
id(X) -> X.
main() ->
    Ins = [<<1, 0, 3, "abc">>, <<2, 255, 255>>, <<3, 1:1, 5:7>>, <<"GET /index.html">>, <<"POST /x">>,
           <<4, 16#12345678:32/little>>, <<5, -2:16/signed>>, <<6, 1.5/float>>, <<>>, <<9>>, <<7, 3, 1, 2, 3, 99>>],
    {[decode(id(B)) || B <- Ins], [classify(id(B)) || B <- Ins]}.
decode(<<1, Len:16, Data:Len/binary>>) -> {str, Data};
decode(<<2, X:16>>) -> {u16, X};
decode(<<3, Flag:1, Rest:7>>) -> {bits, Flag, Rest};
decode(<<"GET ", Path/binary>>) -> {get, Path};
decode(<<"POST ", Path/binary>>) -> {post, Path};
decode(<<4, X:32/little>>) -> {le, X};
decode(<<5, X:16/signed>>) -> {signed, X};
decode(<<6, F/float>>) -> {float, F};
decode(<<7, N, Items:N/binary, Rest/binary>>) -> {items, Items, Rest};
decode(<<>>) -> empty;
decode(Other) -> {unknown, Other}.
classify(B) ->
    case B of
        <<X, _/binary>> when X > 5 -> high;
        <<X:4, Y:4, _/binary>> when X =:= Y -> same_nibbles;
        <<_:8, _:8, _/binary>> -> two_or_more;
        <<_>> -> one;
        _ -> zero
    end.
