%% maps functions from OTP on a map of 5,000 keys (results independent of iteration order).
-module(stdlib_maps_big).
-export([main/0]).

main() ->
    M = maps:from_list([{integer_to_list(I), I} || I <- lists:seq(1, 5000)]),
    Evens = maps:filter(fun(_, V) -> V rem 2 =:= 0 end, M),
    Doubled = maps:map(fun(_, V) -> 2 * V end, Evens),
    {map_size(Evens), maps:fold(fun(_, V, S) -> S + V end, 0, Doubled),
     maps:get("4000", Doubled), maps:is_key("4001", Doubled),
     lists:sum(maps:values(maps:with(["1", "2", "3"], M))),
     map_size(maps:merge(M, #{"new" => 0}))}.
