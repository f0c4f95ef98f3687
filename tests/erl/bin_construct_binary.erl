-module(bin_construct_binary).
-export([main/0]).
id(X) -> X.
main() ->
    A = id(<<"hello">>), B = id(<<1:3>>), S = id(3), Big = id(list_to_binary(lists:reverse(seq(100), []))),
    Sub = id(binary_part(Big, 10, 80)),
    {<<A/binary, " ", "world">>, <<A:S/binary>>, <<A:2/binary-unit:16>>, <<B/bitstring, A/binary>>,
     <<A/bits, B/bits, B/bits>>, <<B:2/bits>>, <<"abc", "">>, <<$a, $b>>,
     byte_size(<<Big/binary, Big/binary>>), <<Sub/binary, 1>> =:= list_to_binary([Sub, 1]),
     <<Sub:10/binary>>, <<(id(<<>>))/binary>>, <<A/binary, A/binary, A/binary, A/binary, A/binary, A/binary, A/binary, A/binary, A/binary, A/binary, A/binary, A/binary, A/binary, A/binary>>}.
seq(0) -> [];
seq(N) -> [N | seq(N - 1)].
