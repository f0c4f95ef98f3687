-module(bin_sub).
-export([main/0]).
id(X) -> X.
main() ->
    Big = id(list_to_binary([I rem 256 || I <- seq(1, 200)])),
    Small = id(<<"0123456789">>),
    {P1, P2} = split_binary(Big, 77),
    <<_:5/binary, Mid:20/binary, _/binary>> = Big,
    <<_:3, Odd:13/bits, _/bits>> = Small,
    {binary_part(Small, 2, 3), binary_part(Small, {10, -4}), binary_part(Small, 0, 0),
     byte_size(P1), byte_size(P2), binary_part(P2, 0, 5), Mid, binary_part(Mid, 3, 4),
     split_binary(Small, 0), split_binary(Small, 10), Odd, bit_size(Odd),
     <<P1/binary, P2/binary>> =:= Big, sub_of_sub(Mid), binary_to_list(Mid, 2, 4)}.
sub_of_sub(B) ->
    <<_, Rest/binary>> = B,
    <<X:3/binary, _/binary>> = Rest,
    {Rest, X, binary_part(X, 1, 1)}.
seq(A, B) when A > B -> [];
seq(A, B) -> [A | seq(A + 1, B)].
