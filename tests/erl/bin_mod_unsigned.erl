-module(bin_mod_unsigned).
-export([main/0]).
%% binary:encode_unsigned/1,2 and decode_unsigned/1,2, small and big, both endiannesses.
id(X) -> X.
main() ->
    Big = id(1 bsl 100 + 12345),
    Ints = [0, 1, 255, 256, 65535, 16#123456, 1 bsl 59 - 1, 1 bsl 59, 1 bsl 64, Big],
    Enc = [binary:encode_unsigned(I) || I <- Ints],
    EncL = [binary:encode_unsigned(I, little) || I <- Ints],
    {Enc, EncL,
     [binary:decode_unsigned(B) || B <- Enc] =:= Ints,
     [binary:decode_unsigned(B, little) || B <- EncL] =:= Ints,
     binary:encode_unsigned(Big, big),
     binary:decode_unsigned(<<>>), binary:decode_unsigned(<<0, 0, 1>>),
     binary:decode_unsigned(<<0, 0, 1>>, little), binary:decode_unsigned(<<1, 0, 0>>, little),
     binary:decode_unsigned(binary:copy(<<255>>, 20)),
     binary:decode_unsigned(binary:part(<<9, 1, 2, 9>>, 1, 2))}.
