%% Josephus problem by list simulation (queue as two lists) and by the
%% recurrence, checked against each other.
-module(josephus).
-export([main/0]).

main() ->
    {[sim(N, 3) || N <- [1, 2, 5, 7, 10, 41]],
     [rec(N, 3) || N <- [1, 2, 5, 7, 10, 41]],
     sim(2000, 7) =:= rec(2000, 7), rec(100000, 2)}.

sim(N, K) -> sim_loop(seq(1, N), [], K, 1).

%% Front/back queue; count up to K, drop the K-th.
sim_loop([X], [], _, _) -> X;
sim_loop([], Back, K, C) -> sim_loop(rev(Back, []), [], K, C);
sim_loop([_ | Front], Back, K, K) -> sim_loop(Front, Back, K, 1);
sim_loop([X | Front], Back, K, C) -> sim_loop(Front, [X | Back], K, C + 1).

rec(N, K) -> rec(1, N, K, 0) + 1.

rec(I, N, _, Acc) when I > N -> Acc;
rec(I, N, K, Acc) -> rec(I + 1, N, K, (Acc + K) rem I).

seq(A, B) when A > B -> [];
seq(A, B) -> [A | seq(A + 1, B)].

rev([], Acc) -> Acc;
rev([H | T], Acc) -> rev(T, [H | Acc]).
