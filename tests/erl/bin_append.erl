-module(bin_append).
-export([main/0]).
id(X) -> X.
main() ->
    A = build(100, <<>>),
    B = <<A/binary, 1>>,
    C = <<A/binary, 2>>,
    D = <<B/binary, 3, 4:16>>,
    E = <<B/binary, 5:32>>,
    <<X:10/binary, _/binary>> = A,
    F = <<X/binary, 9>>,
    L = id(list_to_binary(seq(80))),
    <<_:0, S/binary>> = L,
    G = <<S/binary, 7>>,
    H = <<L/binary, 8>>,
    Bits = <<A/binary, 1:3>>,
    More = <<Bits/bits, 1:5, A/binary>>,
    {byte_size(A), binary_part(B, 100, 1), binary_part(C, 100, 1), D =:= <<A/binary, 1, 3, 0, 4>>,
     E =:= <<A/binary, 1, 0, 0, 0, 5>>, A =:= build(100, <<>>), byte_size(F), F, byte_size(L), byte_size(G),
     byte_size(H), L =:= list_to_binary(seq(80)), bit_size(Bits), byte_size(More),
     binary_part(G, 80, 1), binary_part(H, 80, 1), [byte_size(Y) || Y <- [A, B, C, D, E]],
     loop(id(<<>>), 0), sum(build(3000, <<>>), 0)}.
build(0, Acc) -> Acc;
build(N, Acc) -> build(N - 1, <<Acc/binary, (N rem 256)>>).
loop(Acc, 200) -> {byte_size(Acc), binary_part(Acc, 0, 8), binary_part(Acc, 792, 8)};
loop(Acc, N) -> loop(<<Acc/binary, N:32, (-N):32>>, N + 1).
sum(<<X:16, R/binary>>, S) -> sum(R, S + X);
sum(<<>>, S) -> S.
seq(0) -> []; seq(N) -> [N | seq(N - 1)].
