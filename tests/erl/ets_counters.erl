-module(ets_counters).
-export([main/0]).
%% update_counter in all its forms (increment, {Pos, Incr}, {Pos, Incr, Threshold, SetValue},
%% lists of them, default objects), update_element with several changes, insert_new with
%% lists, and their errors.
main() ->
    T = ets:new(c, [set, {keypos, 2}]),
    true = ets:insert(T, {counter, hits, 0, 10, 1.5}),
    Incr = [ets:update_counter(T, hits, 1),
            ets:update_counter(T, hits, -3),
            ets:update_counter(T, hits, {4, 5}),
            ets:update_counter(T, hits, {3, 10, 12, 0}),
            ets:update_counter(T, hits, {3, 10, 12, 0}),
            ets:update_counter(T, hits, {3, -100, -50, -7}),
            ets:update_counter(T, hits, [{3, 1}, {4, 1}, {3, 1}]),
            ets:update_counter(T, hits, {3, 1 bsl 70}),
            ets:update_counter(T, hits, {3, -(1 bsl 70)}),
            ets:update_counter(T, misses, {3, 2}, {counter, ignored, 40, 0, x}),
            ets:lookup(T, hits), ets:lookup(T, misses)],
    Bad = [t(fun() -> ets:update_counter(T, hits, {2, 1}) end),
           t(fun() -> ets:update_counter(T, hits, {5, 1}) end),
           t(fun() -> ets:update_counter(T, hits, {9, 1}) end),
           t(fun() -> ets:update_counter(T, nobody, 1) end),
           t(fun() -> ets:update_counter(T, hits, a) end),
           t(fun() -> ets:update_counter(T, hits, [{3, 1}, {5, 1}]) end),
           ets:lookup(T, hits)],
    Elements = [ets:update_element(T, hits, [{1, total}, {5, 2.5}]),
                ets:update_element(T, nobody, {3, 1}),
                t(fun() -> ets:update_element(T, hits, {2, newkey}) end),
                t(fun() -> ets:update_element(T, hits, {6, x}) end),
                ets:lookup(T, hits)],
    S = ets:new(s, [ordered_set]),
    New = [ets:insert_new(S, [{1, a}, {2, b}]),
           ets:insert_new(S, [{3, c}, {2, x}]),
           ets:insert_new(S, {3, c}),
           ets:tab2list(S),
           t(fun() -> ets:insert_new(S, [{4, d}, not_a_tuple]) end),
           ets:tab2list(S)],
    B = ets:new(b, [bag]),
    BagErrors = [t(fun() -> ets:update_counter(B, k, 1) end),
                 t(fun() -> ets:update_element(B, k, {2, 1}) end)],
    {Incr, Bad, Elements, New, BagErrors}.

t(F) -> try F() catch C:R -> {C, R} end.
