%% Modular exponentiation by squaring with bignum moduli, Fermat tests,
%% and modular inverses via extended Euclid (mixed-sign intermediates).
-module(powmod).
-export([main/0]).

main() ->
    M = (1 bsl 127) - 1,
    {powmod(2, 100, 1000000007), powmod(3, M - 1, M), powmod(7, 1 bsl 70, M),
     [fermat(P) || P <- [97, 561, 7919, 1000003, (1 bsl 61) - 1, (1 bsl 61) + 1]],
     inverse(17, 3120), inverse(12345678901234567890, M),
     egcd(240, 46), egcd(-240, 46)}.

powmod(_, 0, _) -> 1;
powmod(B, E, M) when E rem 2 =:= 0 ->
    H = powmod(B, E div 2, M),
    H * H rem M;
powmod(B, E, M) -> B * powmod(B, E - 1, M) rem M.

fermat(P) -> powmod(2, P - 1, P) =:= 1 andalso powmod(3, P - 1, P) =:= 1.

egcd(A, 0) -> {A, 1, 0};
egcd(A, B) ->
    {G, X, Y} = egcd(B, A rem B),
    {G, Y, X - (A div B) * Y}.

inverse(A, M) ->
    {1, X, _} = egcd(A, M),
    (X rem M + M) rem M.
