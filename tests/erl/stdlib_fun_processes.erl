%% Stdlib inside spawned processes: workers use lists and maps, the parent gathers.
-module(stdlib_fun_processes).
-export([main/0]).

main() ->
    Self = self(),
    Pids = [spawn(fun() -> Self ! {self(), lists:sum(lists:seq(1, N))} end) || N <- [10, 100, 1000]],
    Results = [receive {P, R} -> R end || P <- Pids],
    Counts = lists:foldl(fun(W, M) -> maps:update_with(W, fun(C) -> C + 1 end, 1, M) end, #{},
                         string:tokens("a b a c b a", " ")),
    {Results, lists:sort(maps:to_list(Counts))}.
