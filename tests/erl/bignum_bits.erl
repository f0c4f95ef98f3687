%% Shifts and bitwise operators: bsl into bignums and bsr back, shifts by
%% negative amounts, band/bor/bxor/bnot on negative small ints and bignums.
-module(bignum_bits).
-export([main/0]).

main() ->
    Ns = [0, 1, -1, 5, -5, 134217727, -134217728, (1 bsl 31) - 1, 1 bsl 32,
          -(1 bsl 63), (1 bsl 64) + 12345, -(1 bsl 100) - 7, 16#DEADBEEFCAFEBABE1234],
    {[shifts(N) || N <- Ns],
     [bitops(A, B) || A <- Ns, B <- [3, -3, 1 bsl 70, -(1 bsl 70) + 1, 16#FF00FF00FF]],
     [bnot N || N <- Ns],
     roundtrip(1, 0), popcount(16#DEADBEEFCAFEBABE1234, 0), popcount((1 bsl 200) - 1, 0)}.

shifts(N) ->
    [N bsl 1, N bsl 27, N bsl 33, N bsl 64, N bsl 130, N bsr 1, N bsr 4, N bsr 40,
     N bsr 200, N bsl -3, N bsr -3, (N bsl 100) bsr 100, (N bsl 70) bsr 35].

bitops(A, B) -> {A band B, A bor B, A bxor B}.

roundtrip(X, 150) -> X;
roundtrip(X, I) -> roundtrip(((X bsl 3) bor 5) bsr 2, I + 1).

popcount(0, Acc) -> Acc;
popcount(N, Acc) -> popcount(N bsr 1, Acc + (N band 1)).
