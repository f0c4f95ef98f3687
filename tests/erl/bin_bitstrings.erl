-module(bin_bitstrings).
-export([main/0]).
id(X) -> X.
main() ->
    B = id(<<5:3, 200:8, 1:1>>),
    <<A:3, C:8, D:1>> = B,
    Bits = bits(id(<<2#10110010, 2#1:1>>)),
    {B, A, C, D, bit_size(B), byte_size(B), is_binary(B), is_bitstring(B), Bits,
     <<B/bits, B/bits>>, <<1:1>>, <<3:2, 0:6>>, <<B:5/bits>>, bitstring_to_list(B),
     list_to_bitstring([1, <<2:3>>, [<<3:5>>, 4]]), list_to_bitstring([<<1:1>>]),
     rev(id(<<1:1, 0:1, 0:1, 1:1, 1:1>>)), tail_bits(id(<<1, 2, 3:2>>)),
     [X || <<X:3>> <= <<2#101110011:9>>], is_binary(<<1, 2>>), is_binary(id(<<1:9>>)),
     byte_size(<<1:9>>), B =:= <<5:3, 200:8, 1:1>>, B == <<5:3, 200:8, 0:1>>}.
bits(<<X:1, R/bits>>) -> [X | bits(R)];
bits(<<>>) -> [].
rev(<<X:1, R/bits>>) -> <<(rev(R))/bits, X:1>>;
rev(<<>>) -> <<>>.
tail_bits(<<_, R/bits>>) -> {R, bit_size(R)}.
