%% Garbage-collection pressure: build and reverse lists of 1,000,000
%% elements several times, keeping some lists alive across calls.
-module(gc_lists).
-export([main/0]).

main() ->
    A = build(1000000, []),
    B = rev(A, []),
    C = map_double(B, []),
    Kept = {hd(A), hd(B), hd(C)},
    D = rev(rev(C, []), []),
    E = churn(5, 200000),
    {Kept, len(A, 0), len(B, 0), len(C, 0), hd(D), last(D), E,
     sum(A, 0), sum(C, 0), nth(500000, A)}.

build(0, Acc) -> Acc;
build(N, Acc) -> build(N - 1, [N | Acc]).

rev([], Acc) -> Acc;
rev([H | T], Acc) -> rev(T, [H | Acc]).

map_double([], Acc) -> Acc;
map_double([H | T], Acc) -> map_double(T, [{H, H * 2} | Acc]).

len([], N) -> N;
len([_ | T], N) -> len(T, N + 1).

sum([], S) -> S;
sum([{_, X} | T], S) -> sum(T, S + X);
sum([X | T], S) -> sum(T, S + X).

last([X]) -> X;
last([_ | T]) -> last(T).

nth(1, [H | _]) -> H;
nth(N, [_ | T]) -> nth(N - 1, T).

%% Allocate and drop lists repeatedly; only a checksum survives.
churn(0, _) -> [];
churn(K, N) ->
    L = build(N, []),
    R = rev(L, []),
    [hd(R) + K | churn(K - 1, N)].
