-module(bin_position).
-export([main/0]).
id(X) -> X.
main() ->
    Ins = id([<<1, 2, 3, 4>>, <<1, 2, 9, 9>>, <<1, 7>>, <<"abcdef">>, <<"abxyz">>, <<0:4>>, <<255, 0, 0, 0, 0, 1>>]),
    [m(B) || B <- Ins].
m(<<1, 2, 3, X>>) -> {a, X};
m(<<1, 2, Rest/binary>>) -> {b, Rest};
m(<<1, X>>) -> {c, X};
m(<<"abc", R/binary>>) -> {abc, R};
m(<<"ab", R:2/binary, _/binary>>) -> {ab, R};
m(<<X:4>>) -> {nibble, X};
m(<<255, N:32, T/binary>>) -> {n, N, T};
m(_) -> other.
