-module(bin_mod_parts).
-export([main/0]).
%% binary:part/2,3, copy/1,2, at/2, first/1, last/1, referenced_byte_size/1,
%% longest_common_prefix/suffix, bin_to_list/1,2,3, list_to_bin/1.
id(X) -> X.
main() ->
    S = id(<<"0123456789">>),
    Big = id(binary:copy(<<"abcdefgh">>, 40)),
    Sub = binary:part(Big, 10, 5),
    {binary:part(S, 2, 3), binary:part(S, {2, 3}), binary:part(S, 5, -3), binary:part(S, {10, -10}),
     binary:part(S, 10, 0), binary:part(S, 0, 10),
     binary:copy(S), binary:copy(S, 0), binary:copy(S, 3), binary:copy(<<>>, 5),
     binary:at(S, 0), binary:at(S, 9), binary:first(S), binary:last(S), binary:first(<<200>>),
     byte_size(Big), binary:referenced_byte_size(Big), Sub, binary:referenced_byte_size(Sub),
     binary:referenced_byte_size(binary:copy(Sub)), binary:referenced_byte_size(binary:part(Big, 300, 20)),
     binary:longest_common_prefix([<<"erlang">>, <<"ergonomy">>]),
     binary:longest_common_prefix([<<"erlang">>]), binary:longest_common_prefix([<<"erlang">>, <<>>]),
     binary:longest_common_prefix([<<"abc">>, <<"abd">>, <<"abcd">>]),
     binary:longest_common_prefix([<<"x">>, <<"y">>]),
     binary:longest_common_suffix([<<"erlang">>, <<"fang">>]),
     binary:longest_common_suffix([<<"abc">>, <<"abc">>]),
     binary:longest_common_suffix([<<"zabc">>, <<"abc">>, <<"bc">>]),
     binary:longest_common_suffix([<<"ab">>, <<>>]),
     binary:bin_to_list(S), binary:bin_to_list(S, {1, 3}), binary:bin_to_list(S, 4, -2),
     binary:bin_to_list(S, 3, 0), binary:bin_to_list(<<>>),
     binary:list_to_bin([1, "ab", <<"cd">>, [[]] | <<"t">>]), binary:list_to_bin([]),
     binary:encode_hex(<<1, 171, 255, 0>>), binary:encode_hex(<<>>),
     binary:decode_hex(<<"01abFF00">>), binary:decode_hex(<<>>)}.
