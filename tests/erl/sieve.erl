%% Prime sieve over lists (filtering by recursion), primes below 5000,
%% and trial-division factorisation including a bignum.
-module(sieve).
-export([main/0]).

main() ->
    Ps = sieve(seq(2, 5000)),
    {length(Ps), last(Ps), take(Ps, 20), factor(360, 2), factor(600851475143, 2),
     factor(1 bsl 40 + 1, 2), factor(9999991, 2)}.

sieve([]) -> [];
sieve([P | Xs]) -> [P | sieve(remove_multiples(P, Xs))].

remove_multiples(_, []) -> [];
remove_multiples(P, [X | Xs]) when X rem P =:= 0 -> remove_multiples(P, Xs);
remove_multiples(P, [X | Xs]) -> [X | remove_multiples(P, Xs)].

factor(1, _) -> [];
factor(N, D) when D * D > N -> [N];
factor(N, D) when N rem D =:= 0 -> [D | factor(N div D, D)];
factor(N, 2) -> factor(N, 3);
factor(N, D) -> factor(N, D + 2).

seq(A, B) when A > B -> [];
seq(A, B) -> [A | seq(A + 1, B)].

last([X]) -> X;
last([_ | T]) -> last(T).

take(_, 0) -> [];
take([H | T], N) -> [H | take(T, N - 1)].
