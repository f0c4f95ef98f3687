%% Integer arithmetic around the boundaries of every plausible small-int
%% encoding: 2^27, 2^31, 2^32, 2^59, 2^63, 2^64, both signs.
-module(bignum_boundaries).
-export([main/0]).

main() ->
    Bs = [27, 28, 31, 32, 59, 60, 63, 64],
    [around(B) || B <- Bs].

around(B) ->
    P = pow2(B),
    [P - 1, P, P + 1, -P - 1, -P, -P + 1,
     (P - 1) + 1, (P + 1) - 2, -P - 1 + 1, P * 2, P * -1, (P - 1) * (P - 1),
     P div 3, P rem 3, -P div 3, -P rem 3, (P * P) div P, (P * P) rem (P - 1),
     abs(-P), -(-P), P - P, (P + P) - P, P + (-P - 1)].

pow2(0) -> 1;
pow2(N) -> 2 * pow2(N - 1).
