-module(ets_select_more).
-export([main/0]).
-include_lib("stdlib/include/ms_transform.hrl").
%% More of ets: update_counter/4's default object, take, foldl/foldr, select/3 and match/3
%% with their continuations, select_delete and match_delete, select_reverse, rename,
%% delete_all_objects, match specifications with element/arithmetic/type tests, and
%% ets:fun2ms through ms_transform.
main() ->
    T = ets:new(t, [set]),
    ets:insert(T, [{a, 1, x}, {b, 2, y}, {c, 3, z}]),
    O = ets:new(o, [ordered_set]),
    ets:insert(O, [{I, I * 2} || I <- lists:seq(1, 10)]),
    Counters = [ets:update_counter(T, d, {2, 5}, {d, 0, w}),
                ets:update_counter(T, d, {2, 5}, {d, 0, w}),
                ets:update_counter(T, e, [{2, 1}, {3, 10}], {zzz, 100, 200}),
                ets:lookup(T, e),
                t(fun() -> ets:update_counter(T, f, {2, 1}, {f}) end),
                t(fun() -> ets:update_counter(T, f, {2, 1}, not_a_tuple) end)],
    Take = [ets:take(T, a), ets:take(T, a), ets:member(T, a)],
    Folds = [lists:sort(ets:foldl(fun(X, A) -> [element(1, X) | A] end, [], T)),
             ets:foldr(fun({K, _}, A) -> [K | A] end, [], O),
             ets:foldl(fun({_, V}, A) -> V + A end, 0, O)],
    Chunks = chunks(ets:select(O, [{{'$1', '$2'}, [], ['$1']}], 3), []),
    MatchChunks = chunks(ets:match(O, {'$1', '_'}, 4), []),
    ObjectChunks = chunks(ets:match_object(O, {'_', '_'}, 20), []),
    Empty = [ets:select(O, [{{'$1', x}, [], ['$1']}], 5), ets:select('$end_of_table'),
             t(fun() -> ets:select(O, [{'_', [], ['$_']}], 0) end)],
    Specs = [ets:select(O, [{{'$1', '$2'}, [{'==', {element, 1, '$_'}, 4}], [{'*', '$2', 3}]}]),
             ets:select(O, [{{'$1', '$2'}, [{'>', {'+', '$1', '$2'}, 20}], [{{'$1', {'-', '$2', 1}}}]}]),
             ets:select(O, [{{'$1', '$2'}, [{'=:=', {'rem', '$1', 3}, 0}], [{'div', '$2', 4}]}]),
             ets:select(O, [{{'$1', '$2'}, [{'<', '$1', 3}], [{'bsl', '$1', 62}]}]),
             ets:select(O, [{{'$1', '_'}, [{'<', '$1', 3}], [{float, '$1'}]}]),
             ets:select(O, [{{'$1', '$2'}, [{'==', {'band', '$1', 1}, 1}, {'<', '$1', 6}], [{abs, {'-', '$2', 10}}]}]),
             lists:sort(ets:select(T, [{{'$1', '$2', '$3'}, [{is_atom, '$3'}, {is_integer, '$2'}], [{{'$3', '$1'}}]}])),
             ets:select(O, [{{'$1', '_'}, [{'>', {'/', '$1', 0}, 1}], ['$1']}]),
             ets:select_count(O, [{{'_', '$1'}, [{'>', '$1', 10}], [true]}]),
             ets:select_reverse(O, [{{'$1', '_'}, [{'>', '$1', 7}], ['$1']}])],
    FunMs = ets:select(O, ets:fun2ms(fun({K, V}) when K > 8 -> {V, K} end)),
    Deletes = [ets:select_delete(O, [{{'$1', '_'}, [{'>', '$1', 8}], [true]}]),
               ets:match_delete(T, {'_', '_', z}),
               ets:select_delete(O, [{{'$1', '_'}, [], [false]}]),
               ets:tab2list(O), lists:sort(ets:tab2list(T))],
    N = ets:new(first_name, [named_table, public]),
    ets:insert(N, {k, v}),
    Renamed = [ets:rename(N, second_name), ets:lookup(second_name, k),
               t(fun() -> ets:lookup(first_name, k) end),
               ets:delete_all_objects(second_name), ets:info(second_name, size),
               ets:tab2list(second_name)],
    {Counters, Take, Folds, Chunks, MatchChunks, ObjectChunks, Empty, Specs, FunMs, Deletes,
     Renamed}.

chunks('$end_of_table', Acc) -> lists:reverse(Acc);
chunks({Items, Cont}, Acc) -> chunks(next(Cont), [Items | Acc]).

next('$end_of_table') -> '$end_of_table';
next(Cont) -> ets:select(Cont).

t(F) -> try F() catch C:R -> {C, R} end.
