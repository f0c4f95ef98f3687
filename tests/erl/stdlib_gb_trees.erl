%% OTP's gb_trees and gb_sets.
-module(stdlib_gb_trees).
-export([main/0]).

main() ->
    T = lists:foldl(fun(I, Acc) -> gb_trees:insert(I, I * I, Acc) end, gb_trees:empty(), lists:seq(20, 1, -1)),
    T2 = gb_trees:delete(10, gb_trees:update(5, five, T)),
    S = gb_sets:from_list([c, a, b, a]),
    {gb_trees:size(T2), gb_trees:lookup(5, T2), gb_trees:lookup(10, T2), gb_trees:smallest(T2),
     gb_trees:largest(T2), gb_trees:keys(gb_trees:balance(T2)) =:= lists:delete(10, lists:seq(1, 20)),
     gb_sets:to_list(S), gb_sets:is_member(b, S), gb_sets:size(gb_sets:add(z, S))}.
