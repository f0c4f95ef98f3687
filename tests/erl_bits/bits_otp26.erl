-module(bits_otp26).
-export([main/0]).
id(X) -> X.
main() ->
    Ins = id([<<1, 2, 3, 4, 5, 6, 7>>, <<9, 1, 0, 0, 0, 0>>, <<200, 16#AB:16/little, 5:4, 3:4, "tail">>,
              <<1>>, <<>>, <<7, 7>>, <<2, "abcdef">>]),
    [f(B) || B <- Ins].
f(<<1, A:16, _:8, Rest/binary>>) -> {one, A, Rest};
f(<<9, X:32/little, 0>>) -> {nine, X};
f(<<200, Y:16/little, N:4, M:4, T/binary>>) -> {big, Y, N, M, T};
f(<<2, P:3/binary, _/binary>>) -> {two, P};
f(<<K, K>>) -> {same, K};
f(_) -> other.
