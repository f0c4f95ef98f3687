-module(lib_bear).
-export([main/0]).
%% A real workload of bear (Debian's erlang-bear): statistics over samples.
main() ->
    Xs = [X * X rem 97 + X / 3 || X <- lists:seq(1, 200)],
    Ys = [math:sin(X) * 10 || X <- lists:seq(1, 200)],
    Stats = bear:get_statistics(Xs),
    {Stats, bear:get_statistics_subset(Xs, [arithmetic_mean, median, variance, {percentile, [50, 99]}]),
     bear:get_statistics(Xs, Ys)}.
