-module(bin_bifs_list).
-export([main/0]).
id(X) -> X.
main() ->
    Io = id([1, "ab", <<"cd">>, [[], [255, <<>>]], <<"e">> | <<"tail">>]),
    {list_to_binary(Io), iolist_to_binary(Io), iolist_size(Io), iolist_to_binary(<<"bin">>),
     iolist_size(<<"xyz">>), binary_to_list(<<"hello">>), binary_to_list(<<"hello">>, 2, 4),
     binary_to_list(<<>>), list_to_binary([]), list_to_binary([[], [[]]]),
     bitstring_to_list(<<1, 2, 3:4>>), bitstring_to_list(<<>>), list_to_bitstring([<<1:4>>, <<2:4>>]),
     byte_size(list_to_binary(lists:reverse(seq(300), []))), size(<<1, 2, 3>>), size({a, b}),
     iolist_size([<<1:8>>, "abc" | <<"d">>]), erlang:crc32(<<"The quick brown fox">>),
     erlang:crc32([<<"ab">>, "c"]), erlang:crc32(erlang:crc32(<<"ab">>), <<"c">>), erlang:crc32(<<>>)}.
seq(0) -> [];
seq(N) -> [N rem 256 | seq(N - 1)].
