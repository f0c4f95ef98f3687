%% A throw from deep recursion unwinds to the handler; many caught exceptions in a loop.
-module(exc_deep_unwind).
-export([main/0]).

main() ->
    A = try down(100000) catch throw:{bottom, N} -> N end,
    B = loop(200000, 0),
    C = catch_in_recursion(1000),
    {A, B, C}.

down(0) -> throw({bottom, 0});
down(N) -> 1 + down(N - 1).

loop(0, Acc) -> Acc;
loop(N, Acc) ->
    V = try may_throw(N) catch throw:X -> X end,
    loop(N - 1, Acc + V).

may_throw(N) when N rem 3 =:= 0 -> throw(N * 2);
may_throw(N) -> N.

catch_in_recursion(0) -> 0;
catch_in_recursion(N) ->
    V = (catch if N rem 2 =:= 0 -> throw(1); true -> 2 end),
    V + catch_in_recursion(N - 1).
