-module(map_records).
-export([main/0]).
new(Id) -> #{id => Id, count => 0, history => [], status => idle}.
step(#{status := idle} = S, start) -> S#{status := running};
step(#{status := running, count := C, history := H} = S, {add, N}) ->
    S#{count := C + N, history := [N | H]};
step(#{status := running} = S, stop) -> S#{status := stopped};
step(S, _) -> S#{errors => case S of #{errors := E} -> E + 1; _ -> 1 end}.
run(S, [], _) -> S;
run(S, [E | Es], I) -> run(step(S, E), Es, I + 1).
events(0, Acc) -> Acc;
events(N, Acc) -> events(N - 1, [{add, N} | Acc]).
main() ->
    S = run(new(7), [start | events(300, [])] ++ [stop], 0),
    #{count := C, status := St, history := [Last | _]} = S,
    {C, St, Last, map_size(S), maps:keys(S)}.
