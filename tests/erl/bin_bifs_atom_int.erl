-module(bin_bifs_atom_int).
-export([main/0]).
id(X) -> X.
main() ->
    {atom_to_binary(hello), atom_to_binary('héllo'), atom_to_binary('héllo', latin1), atom_to_binary(ok, utf8),
     atom_to_binary('with space', unicode), binary_to_atom(<<"world">>), binary_to_atom(<<"héllo"/utf8>>),
     binary_to_atom(<<104, 233>>, latin1), binary_to_atom(<<"x">>, utf8), binary_to_existing_atom(<<"error">>),
     binary_to_existing_atom(<<"ok">>, utf8), integer_to_binary(0), integer_to_binary(-12345),
     integer_to_binary(1 bsl 100), integer_to_binary(255, 16), integer_to_binary(-255, 2),
     integer_to_binary(id(123456789), 36), binary_to_integer(<<"42">>), binary_to_integer(<<"-42">>),
     binary_to_integer(<<"+7">>), binary_to_integer(<<"123456789012345678901234567890">>),
     binary_to_integer(<<"ff">>, 16), binary_to_integer(<<"-ZZ">>, 36), binary_to_integer(<<"0007">>),
     binary_to_atom(atom_to_binary(id('quoted Atom')))}.
