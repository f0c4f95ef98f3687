-module(stdlib_ets_bag).
-export([main/0]).

t(F) -> try F() catch C:R -> {C, R} end.

s(L) -> lists:sort(L).

main() ->
    B = ets:new(b, [bag]),
    D = ets:new(d, [duplicate_bag]),
    Objs = [{k, 3}, {k, 1}, {k, 2}, {k, 1}, {j, 1}, {1, int}, {1.0, float}],
    true = ets:insert(B, Objs),
    true = ets:insert(D, Objs),
    R1 = [s(ets:lookup(B, k)), ets:lookup(D, k), ets:lookup(B, 1), ets:lookup(B, 1.0),
          ets:info(B, size), ets:info(D, size), ets:info(B, type), ets:info(D, type),
          s(ets:lookup_element(B, k, 2)), ets:lookup_element(D, k, 2),
          ets:member(B, j), ets:member(D, zz)],
    R2 = [ets:delete_object(B, {k, 1}), s(ets:lookup(B, k)),
          ets:delete_object(D, {k, 1}), ets:lookup(D, k),
          ets:insert(D, [{k, 9}, {k, 9}]), ets:lookup(D, k),
          ets:insert_new(B, {k, 5}), ets:insert_new(B, {new, 5}), ets:lookup(B, new),
          ets:delete(D, k), ets:lookup(D, k), ets:info(D, size)],
    Keys = walk(B, ets:first(B), []),
    R3 = [s(ets:tab2list(B)), s([{is_float(K), K} || K <- Keys]), s(ets:tab2list(D))],
    E = [t(fun() -> ets:update_counter(B, j, 1) end),
         t(fun() -> ets:update_element(B, j, {2, x}) end),
         t(fun() -> ets:lookup_element(B, k, 3) end),
         t(fun() -> ets:delete_object(B, notatuple) end)],
    [R1, R2, R3, E].

walk(_T, '$end_of_table', Acc) -> Acc;
walk(T, K, Acc) -> walk(T, ets:next(T, K), [K | Acc]).
