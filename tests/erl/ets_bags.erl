-module(ets_bags).
-export([main/0]).
%% bag and duplicate_bag tables with the newer operations: take, select_delete (every copy of
%% a duplicate), match/3 chunks, select_count, delete_all_objects, foldl; results sorted
%% (OTP lists a bag's keys in hash order).
main() ->
    B = ets:new(b, [bag]),
    D = ets:new(d, [duplicate_bag]),
    Objects = [{k1, 1}, {k1, 2}, {k1, 1}, {k2, 3}, {k3, 4}, {k3, 4}, {k3, 5}],
    ets:insert(B, Objects),
    ets:insert(D, Objects),
    Sizes = [ets:info(B, size), ets:info(D, size)],
    Take = [lists:sort(ets:take(B, k1)), lists:sort(ets:take(D, k1)), ets:take(D, k1),
            ets:info(B, size), ets:info(D, size)],
    Selected = [ets:select_count(D, [{{'_', '$1'}, [{'>=', '$1', 4}], [true]}]),
                lists:sort(ets:select(D, [{{'$1', '$2'}, [{'==', '$2', 4}], [{{'$2', '$1'}}]}])),
                ets:select_delete(D, [{{k3, 4}, [], [true]}]),
                lists:sort(ets:tab2list(D)),
                ets:select_delete(B, [{{'_', '$1'}, [{'>', '$1', 3}], [true]}]),
                lists:sort(ets:tab2list(B))],
    ets:insert(D, [{x, I rem 3} || I <- lists:seq(1, 10)]),
    Chunks = lists:sort(lists:append(chunks(ets:match(D, {x, '$1'}, 4), []))),
    Fold = lists:sort(ets:foldl(fun(O, A) -> [O | A] end, [], D)),
    Cleared = [ets:delete_all_objects(D), ets:info(D, size), ets:tab2list(D),
               ets:insert(D, {again, 1}), ets:tab2list(D)],
    {Sizes, Take, Selected, Chunks, Fold, Cleared}.

chunks('$end_of_table', Acc) -> lists:reverse(Acc);
chunks({Items, Cont}, Acc) -> chunks(ets:match(Cont), [Items | Acc]).
