%% Calls across modules: body calls, tail calls and returns that cross modules many times,
%% mutual recursion between two modules, and an exported function called back.
-module(multi_a).
-export([main/0, back/1]).

main() ->
    Sum = multi_b:sum_to(100000, 0),          % a tail-recursive loop in the other module
    Depth = multi_b:depth(50000),             % deep non-tail recursion bouncing between modules
    Pingpong = multi_b:ping(1000, []),        % mutual tail recursion across modules
    {Sum, Depth, length(Pingpong), hd(Pingpong), multi_b:twice(fun_free)}.

back(N) -> N + 1.
