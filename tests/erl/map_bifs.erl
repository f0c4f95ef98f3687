-module(map_bifs).
-export([main/0]).
id(X) -> X.
main() ->
    M = id(#{a => 1, b => 2, "c" => 3, 4 => d}),
    {map_size(M), map_get(a, M), is_map_key(b, M), is_map_key(z, M),
     maps:get("c", M), maps:find(4, M), maps:find(5, M),
     maps:put(e, 5, M), maps:put(a, 0, M), maps:update(b, 22, M),
     maps:remove(a, M), maps:remove(zz, M), maps:take(b, M), maps:take(zz, M),
     maps:merge(M, id(#{a => merged, z => new})), maps:merge(id(#{}), M), maps:merge(M, id(#{})),
     maps:from_list(id([{x, 1}, {y, 2}, {x, 3}, {1, one}, {1.0, float_one}])),
     maps:from_list(id([])),
     maps:from_keys(id([c, b, a, b]), id(0)), maps:from_keys(id([]), 1),
     maps:is_key(a, M), maps:is_key(q, M),
     maps:keys(M), maps:values(M), maps:to_list(M),
     maps:to_list(id(#{})), maps:keys(id(#{})), is_map(M), is_map(id([]))}.
