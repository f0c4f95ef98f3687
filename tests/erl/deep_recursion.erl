%% Deep non-tail recursion: a naive len/1 and sum/1 over a 1,000,000-element
%% list built with a tail-recursive loop (stack depth 1,000,000).
-module(deep_recursion).
-export([main/0]).

main() ->
    L = build(1000000, []),
    {len(L), sum(L), depth(1000000)}.

build(0, Acc) -> Acc;
build(N, Acc) -> build(N - 1, [N | Acc]).

len([]) -> 0;
len([_ | T]) -> 1 + len(T).

sum([]) -> 0;
sum([H | T]) -> H + sum(T).

%% Non-tail recursion with no list at all.
depth(0) -> 0;
depth(N) -> depth(N - 1) + 1.
