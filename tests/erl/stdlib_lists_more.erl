%% More of OTP's lists: sort variants, zip, partition, flatmap, splitwith, nth, last, usort.
-module(stdlib_lists_more).
-export([main/0]).

main() ->
    L = [5, 3, 9, 1, 3, 7],
    {lists:sort(L), lists:usort(L), lists:sort(fun(A, B) -> A >= B end, L),
     lists:zip([a, b, c], [1, 2, 3]), lists:unzip([{x, 1}, {y, 2}]),
     lists:partition(fun(X) -> X > 4 end, L), lists:flatmap(fun(X) -> [X, X] end, [1, 2]),
     lists:splitwith(fun(X) -> X < 9 end, L), lists:nth(3, L), lists:last(L),
     lists:max(L), lists:min(L), lists:duplicate(3, z), lists:seq(10, 1, -3),
     lists:keysort(2, [{a, 3}, {b, 1}, {c, 2}]), lists:append([[1], [2, 3], []]),
     lists:subtract([1, 2, 3, 2], [2]), lists:prefix([1, 2], [1, 2, 3]),
     lists:dropwhile(fun(X) -> X /= 9 end, L), lists:mapfoldl(fun(X, S) -> {X * 2, S + X} end, 0, L),
     lists:foldr(fun(X, A) -> [X | A] end, [], L), lists:all(fun is_integer/1, L),
     lists:any(fun(X) -> X > 8 end, L), lists:filtermap(fun(X) -> X > 4 andalso {true, -X} end, L),
     lists:join(sep, [a, b, c]), lists:enumerate([a, b])}.
