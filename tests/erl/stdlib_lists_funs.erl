%% lists' higher-order functions with closures over state, on larger inputs.
-module(stdlib_lists_funs).
-export([main/0]).

main() ->
    L = lists:seq(1, 5000),
    Base = 7,
    {lists:sum(lists:map(fun(X) -> X * Base end, L)),
     length(lists:filter(fun(X) -> X rem Base =:= 0 end, L)),
     lists:foldl(fun(X, {Min, Max}) -> {min(X, Min), max(X, Max)} end, {1 bsl 30, 0}, L),
     lists:takewhile(fun(X) -> X < 5 end, L),
     lists:keyreplace(b, 1, [{a, 1}, {b, 2}], {b, 20}),
     lists:keydelete(a, 1, [{a, 1}, {b, 2}]),
     lists:keystore(c, 1, [{a, 1}], {c, 3}),
     lists:search(fun(X) -> X * X > 50 end, L),
     lists:split(3, [a, b, c, d, e]), lists:sublist(L, 4990, 20)}.
