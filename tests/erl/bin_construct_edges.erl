-module(bin_construct_edges).
-export([main/0]).
%% Constructions whose shapes an OTP 21-24 compiler writes as bs_init2/bs_append/
%% bs_private_append + bs_put_* (see the +r22 differential suite), and their failures.

main() ->
    Big = lists:seq(1, 3000),
    {comprehensions(Big), unicode_segments(), appends(), failures(), guards(), sizes(7, <<"xyz">>)}.

comprehensions(L) ->
    %% A binary comprehension accumulates by private append; thousands of steps collect.
    B1 = << <<X:16>> || X <- L >>,
    B2 = << <<X:3>> || X <- L, X rem 3 =:= 0 >>,
    B3 = << <<(integer_to_binary(X))/binary, ",">> || X <- L >>,
    Tup = [{X, << <<Y>> || Y <- lists:seq(1, X rem 7) >>} || X <- lists:seq(1, 50)],
    {byte_size(B1), erlang:crc32(B1), bit_size(B2), {byte_size(B3), erlang:crc32(B3)}, length(Tup), lists:last(Tup)}.

unicode_segments() ->
    Cps = [0, 16#7F, 16#80, 16#7FF, 16#800, 16#FFFF, 16#10000, 16#10FFFF, 955],
    [{C, <<C/utf8>>, <<C/utf16>>, <<C/little-utf16>>, <<C/utf32>>, <<C/little-utf32>>} || C <- Cps].

appends() ->
    A0 = <<1, 2, 3>>,
    A1 = <<A0/binary, 4:4>>,
    A2 = <<A1/bitstring, 5:4, 6.5/float, 7:64/little-signed>>,
    A3 = acc(<<>>, 200),
    {A1, A2, byte_size(A3), binary_part(A3, 190, 10)}.

acc(B, 0) -> B;
acc(B, N) -> acc(<<B/binary, N:8, (N * 3):16/little>>, N - 1).

failures() ->
    [catch_it(fun() -> <<(id(foo)):8>> end),
     catch_it(fun() -> <<(id(1.5)):8>> end),
     catch_it(fun() -> <<(id(-1)):(id(-8))>> end),
     catch_it(fun() -> <<(id(<<1:3>>))/binary>> end),
     catch_it(fun() -> <<(id(16#110000))/utf8>> end),
     catch_it(fun() -> <<(id(16#D800))/utf16>> end),
     catch_it(fun() -> <<(id(-1))/utf32>> end),
     catch_it(fun() -> <<(id(x))/float>> end),
     catch_it(fun() -> <<(id(<<1,2>>)):(id(3))/binary>> end),
     catch_it(fun() -> B = id(<<1:1>>), <<B/binary, 1>> end),
     catch_it(fun() -> <<1:(id(foo))>> end)].

guards() ->
    [g(X) || X <- [1, 300, -5, foo, 2.5, <<"ab">>]].

g(X) when byte_size(<<X:8>>) =:= 1 -> {int, X};
g(X) when is_binary(<<X/binary, 0>>) -> {bin, X};
g(X) -> {other, X}.

sizes(N, Bin) ->
    {<<N:N>>, <<Bin:2/binary>>, <<Bin/binary, Bin/binary, N:(N * 2)/little>>,
     <<1:N/unit:3, Bin/bitstring>>}.

catch_it(F) ->
    try F() of V -> {ok, V} catch C:R -> {C, R} end.

id(X) -> X.
