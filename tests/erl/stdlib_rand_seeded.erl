%% rand with an explicit seed is deterministic, and the same on both VMs.
-module(stdlib_rand_seeded).
-export([main/0]).

main() ->
    S0 = rand:seed_s(exsss, {1, 2, 3}),
    {Xs, S1} = lists:foldl(fun(_, {Acc, S}) -> {X, S2} = rand:uniform_s(100, S), {[X | Acc], S2} end,
                           {[], S0}, lists:seq(1, 20)),
    {F, _} = rand:uniform_s(S1),
    {lists:reverse(Xs), F > 0.0 andalso F < 1.0, element(1, rand:uniform_s(1000000, rand:seed_s(exrop, {7, 8, 9})))}.
