-module(map_key_order).
-export([main/0]).
id(X) -> X.
main() ->
    Keys = [z, a, 1, 1.0, 2, 0.5, -3, 100000000000000000000, -1.5, "s", "r", [], [a | b],
            {}, {1}, {1.0}, {0, 0}, <<>>, <<1>>, <<0, 0>>, #{}, #{a => 1}, #{1 => a},
            #{1.0 => a}, self_placeholder, 'Zed', '', 3.0e10, 2.0],
    M = maps:from_keys(id(Keys), v),
    M2 = maps:from_list(id([{K, K} || K <- Keys])),
    Built = build(id(Keys), #{}),
    {map_size(M), M, maps:keys(M2), Built =:= M2, maps:get(1, M2), maps:get(1.0, M2),
     maps:is_key(2, M2), maps:is_key(0.5, M2), maps:find(3, M2),
     #{1 => a, 1.0 => b}, maps:remove(1, #{1 => a, 1.0 => b})}.
build([], M) -> M;
build([K | Ks], M) -> build(Ks, M#{K => K}).
