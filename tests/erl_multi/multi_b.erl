-module(multi_b).
-export([sum_to/2, depth/1, ping/2, pong/2, twice/1]).

sum_to(0, Acc) -> Acc;
sum_to(N, Acc) -> sum_to(N - 1, Acc + N).

depth(0) -> 0;
depth(N) -> multi_a:back(depth(N - 1)).

ping(0, Acc) -> Acc;
ping(N, Acc) -> pong(N - 1, [N | Acc]).

pong(N, Acc) -> multi_b:ping(N, Acc).

twice(X) -> {X, X}.
