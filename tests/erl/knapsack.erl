%% 0/1 knapsack by dynamic programming over a tuple row, and longest
%% common subsequence over lists of lists.
-module(knapsack).
-export([main/0]).

main() ->
    Items = [{12, 4}, {10, 6}, {8, 5}, {11, 7}, {14, 3}, {7, 1}, {9, 6}, {3, 2}, {20, 9}],
    {knap(Items, 25), knap(Items, 10), knap([], 5),
     lcs("ACCGGTCGAGTGCGCGGAAGCCGGCCGAA", "GTCGTTCGGAATGCCGTTGCTCTGTAAA"),
     lcs("abc", "xyz")}.

knap(Items, Cap) ->
    Row = erlang:make_tuple(Cap + 1, 0),
    Final = items(Items, Row, Cap),
    element(Cap + 1, Final).

items([], Row, _) -> Row;
items([{V, W} | Is], Row, Cap) -> items(Is, update(Row, Row, Cap, V, W), Cap).

%% Iterate capacities downwards so each item is used at most once.
update(_, New, C, _, W) when C < W -> New;
update(Old, New, C, V, W) ->
    Cand = element(C - W + 1, Old) + V,
    Cur = element(C + 1, Old),
    update(Old, setelement(C + 1, New, max(Cur, Cand)), C - 1, V, W).

lcs(A, B) ->
    Prev = zeros(length(B) + 1),
    lcs_rows(A, B, Prev).

lcs_rows([], _, Prev) -> last(Prev);
lcs_rows([X | Xs], B, Prev) -> lcs_rows(Xs, B, row(X, B, Prev, [0])).

row(_, [], _, Acc) -> rev(Acc, []);
row(X, [Y | Ys], [Diag, Up | Prev], [Left | _] = Acc) ->
    V = if X =:= Y -> Diag + 1; true -> max(Up, Left) end,
    row(X, Ys, [Up | Prev], [V | Acc]).

zeros(0) -> [];
zeros(N) -> [0 | zeros(N - 1)].

last([X]) -> X;
last([_ | T]) -> last(T).

rev([], Acc) -> Acc;
rev([H | T], Acc) -> rev(T, [H | Acc]).
