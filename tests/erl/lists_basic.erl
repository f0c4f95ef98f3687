%% Lists: construction (put_list), matching (get_list/get_hd/get_tl),
%% hd/tl, length, ++, improper lists, nested lists.
-module(lists_basic).
-export([main/0]).

main() ->
    L = build(10),
    {L, rev(L, []), sum(L), hd(L), tl(L), length(L),
     firsts([[1, 2], [3], [4, 5, 6]]),
     seconds([[1, 2], [3, 4], [5, 6]]),
     [1, 2 | 3],
     improper_len([a, b | c]),
     zip([1, 2, 3], [a, b, c]),
     last(L),
     nth(3, L),
     app(L, [x, y]),
     [[]],
     [[] | []]}.

build(0) -> [];
build(N) -> [N | build(N - 1)].

rev([], Acc) -> Acc;
rev([H | T], Acc) -> rev(T, [H | Acc]).

sum([]) -> 0;
sum([H | T]) -> H + sum(T).

firsts([]) -> [];
firsts([[H | _] | T]) -> [H | firsts(T)].

seconds([]) -> [];
seconds([[_, S | _] | T]) -> [S | seconds(T)].

improper_len([_ | T]) -> 1 + improper_len(T);
improper_len(_) -> 0.

zip([A | As], [B | Bs]) -> [{A, B} | zip(As, Bs)];
zip([], []) -> [].

last([X]) -> X;
last([_ | T]) -> last(T).

nth(1, [H | _]) -> H;
nth(N, [_ | T]) -> nth(N - 1, T).

app([], Ys) -> Ys;
app([X | Xs], Ys) -> [X | app(Xs, Ys)].
