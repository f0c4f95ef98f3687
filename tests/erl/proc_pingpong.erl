%% Ping-pong between two processes: 1,000 round trips.
-module(proc_pingpong).
-export([main/0]).

main() ->
    Self = self(),
    Pong = spawn(fun() -> pong(Self, 0) end),
    Sum = ping(Pong, 1000, 0),
    Pong ! {stop, Self},
    receive {pong_count, C} -> {Sum, C} end.

ping(_, 0, Acc) -> Acc;
ping(Pong, N, Acc) ->
    Pong ! {ping, N},
    receive {pong, V} -> ping(Pong, N - 1, Acc + V) end.

pong(Parent, Count) ->
    receive
        {ping, N} -> Parent ! {pong, 2 * N}, pong(Parent, Count + 1);
        {stop, From} -> From ! {pong_count, Count}
    end.
