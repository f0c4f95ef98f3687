-module(stdlib_ets_basic).
-export([main/0]).

t(F) -> try F() catch C:R -> {C, R} end.

main() ->
    T = ets:new(basic, [set, public]),
    true = ets:insert(T, {a, 1}),
    true = ets:insert(T, [{b, 2, extra}, {c, <<"bin">>, [1, 2]}, {1, int}, {1.0, float}]),
    R1 = [ets:lookup(T, a), ets:lookup(T, 1), ets:lookup(T, 1.0), ets:lookup(T, missing)],
    true = ets:insert(T, {a, replaced}),
    R2 = [ets:lookup(T, a), ets:member(T, b), ets:member(T, zz),
          ets:lookup_element(T, b, 3), ets:lookup_element(T, c, 2),
          ets:insert_new(T, {a, again}), ets:insert_new(T, [{d, 4}, {e, 5}]),
          ets:insert_new(T, [{f, 6}, {a, 7}]), ets:lookup(T, f),
          ets:info(T, size), ets:info(T, type), ets:info(T, keypos), ets:info(T, named_table)],
    R3 = [ets:update_counter(T, d, 10), ets:update_counter(T, d, {2, -3}),
          ets:update_counter(T, e, [{2, 1}, {2, 100, 50, 0}]), ets:lookup(T, e),
          ets:update_counter(T, d, 1 bsl 40), ets:lookup(T, d),
          ets:update_element(T, b, {3, changed}), ets:update_element(T, zz, {2, x}),
          ets:update_element(T, b, [{2, two}, {3, three}]), ets:lookup(T, b)],
    R4 = [ets:delete(T, a), ets:lookup(T, a), ets:delete(T, nothing),
          ets:delete_object(T, {b, wrong, three}), ets:member(T, b),
          ets:delete_object(T, {b, two, three}), ets:member(T, b),
          lists:sort(ets:tab2list(T)), ets:info(T, size)],
    Keys = walk(T, ets:first(T), []),
    %% Errors.
    E = [t(fun() -> ets:lookup(nosuch, 1) end),
         t(fun() -> ets:insert(T, notatuple) end),
         t(fun() -> ets:insert(T, [{ok}, bad]) end),
         t(fun() -> ets:insert(T, {}) end),
         t(fun() -> ets:lookup_element(T, zz, 2) end),
         t(fun() -> ets:lookup_element(T, c, 9) end),
         t(fun() -> ets:update_counter(T, c, 1) end),
         t(fun() -> ets:update_counter(T, zz, 1) end),
         t(fun() -> ets:update_counter(T, d, {1, 1}) end),
         t(fun() -> ets:update_element(T, d, {1, x}) end),
         t(fun() -> ets:next(T, not_a_key) end),
         t(fun() -> ets:new(x, [bogus]) end),
         t(fun() -> ets:new("x", []) end),
         t(fun() -> ets:new(x, [{keypos, 0}]) end),
         ets:info(nosuch, size),
         t(fun() -> ets:info(T, bogus) end)],
    %% Named tables, keypos, ownership.
    N = ets:new(named_one, [named_table, {keypos, 2}]),
    true = ets:insert(named_one, [{rec, k1, v1}, {rec, k2, v2}]),
    N2 = [N, ets:lookup(named_one, k2), ets:info(named_one, keypos),
          ets:info(named_one, named_table),
          t(fun() -> ets:new(named_one, [named_table]) end),
          t(fun() -> ets:insert(named_one, {short}) end)],
    Self = self(),
    Pid = spawn(fun() ->
                        ets:new(owned, [named_table, public]),
                        ets:insert(owned, {x, 1}),
                        Self ! {made, self()},
                        receive stop -> ok end
                end),
    receive {made, Pid} -> ok end,
    Before = ets:lookup(owned, x),
    Ref = erlang:monitor(process, Pid),
    Pid ! stop,
    receive {'DOWN', Ref, process, Pid, _} -> ok end,
    After = ets:info(owned, size),
    Del = [ets:delete(T), t(fun() -> ets:delete(T) end), t(fun() -> ets:insert(T, {a}) end),
           ets:info(T, size)],
    Big = ets:new(big, []),
    [ets:insert(Big, {I, integer_to_list(I)}) || I <- lists:seq(1, 2000)],
    BigR = [ets:info(Big, size), ets:lookup(Big, 1234),
            length([I || I <- lists:seq(1, 2000), ets:member(Big, I)])],
    [R1, R2, R3, R4, lists:sort(Keys), E, N2, Before, After, Del, BigR].

walk(_T, '$end_of_table', Acc) -> Acc;
walk(T, K, Acc) -> walk(T, ets:next(T, K), [K | Acc]).
