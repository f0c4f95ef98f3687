%% sets (both versions), dict and the ordering they give.
-module(stdlib_sets).
-export([main/0]).

main() ->
    S1 = sets:from_list([c, a, b, a, 1, {t}]),
    S2 = sets:from_list([b, c, d], [{version, 2}]),
    D = lists:foldl(fun({K, V}, Acc) -> dict:append(K, V, Acc) end, dict:new(),
                    [{x, 1}, {y, 2}, {x, 3}]),
    {lists:sort(sets:to_list(S1)), sets:size(S1), sets:is_element(a, S1),
     lists:sort(sets:to_list(sets:intersection(sets:from_list([a, b, c]), S2))),
     lists:sort(sets:to_list(sets:union(S1, S2))), sets:is_subset(sets:from_list([a]), S1),
     lists:sort(dict:to_list(D)), dict:fetch(x, D), dict:is_key(z, D),
     sets:to_list(sets:from_list(lists:seq(1, 40)))}.
