%% ets:select_replace/2: objects replaced by the match specification's result when it keeps
%% their key (a variable or the same constant), in sets and ordered sets; badarg and nothing
%% replaced when a result changes the key or is not a tuple, for bags, and for a bad spec.
-module(ets_select_replace).
-export([main/0]).
r(F) -> try F() catch C:R -> {C, R} end.
main() ->
    T = ets:new(t, [set]),
    ets:insert(T, [{a, 1}, {b, 2}, {c, 3}]),
    N = ets:select_replace(T, [{{'$1', '$2'}, [{'>', '$2', 1}], [{{'$1', {'+', '$2', 10}}}]}]),
    R1 = lists:sort(ets:tab2list(T)),
    K = r(fun() -> ets:select_replace(T, [{{'$1', '$2'}, [], [{{x, '$2'}}]}]) end),
    R2 = lists:sort(ets:tab2list(T)),
    B = ets:new(b, [bag]),
    Bag = r(fun() -> ets:select_replace(B, [{{'$1', '$2'}, [], [{{'$1', '$2'}}]}]) end),
    O = ets:new(o, [ordered_set]),
    ets:insert(O, [{1, a}, {2, b}]),
    N3 = ets:select_replace(O, [{{'$1', '$2'}, [], [{{'$1', '$2', extra}}]}]),
    R4 = ets:tab2list(O),
    C1 = r(fun() -> ets:select_replace(T, [{{a, '_'}, [], [{{a, 99}}]}]) end),
    C2 = r(fun() -> ets:select_replace(T, [{{a, '_'}, [], [true]}]) end),
    C3 = r(fun() -> ets:select_replace(T, [{'$1', [], [{element, 1, '$1'}]}]) end),
    C4 = r(fun() -> ets:select_replace(T, [{{'$1', '$2'}, [], ['$_']}]) end),
    C5 = r(fun() -> ets:select_replace(T, [{{'$1', '$2'}, [], [{{'$1'}}]}]) end),
    C6 = r(fun() -> ets:select_replace(T, bad) end),
    {N, R1, K, R2, Bag, N3, R4, C1, C2, C3, C4, C5, C6, lists:sort(ets:tab2list(T))}.
