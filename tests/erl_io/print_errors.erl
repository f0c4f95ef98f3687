%% Printing from several processes, and error reasons formatted with ~p.
-module(print_errors).
-export([main/0]).

main() ->
    Self = self(),
    %% Each worker prints when told to, so the order is the same on every VM.
    Workers = [spawn(fun() -> receive go -> io:format("worker ~b done~n", [N]), Self ! N end end)
               || N <- [1, 2, 3]],
    Sum = lists:sum([begin W ! go, receive N -> N end end || W <- Workers]),
    Reason = try list_to_atom(42) catch error:R -> R end,
    io:format("caught ~p, sum ~b~n", [Reason, Sum]),
    io:format("~s~n", [io_lib:format("~5.1f|~-8w|~8w", [2.25, left, right])]),
    {Sum, Reason}.
