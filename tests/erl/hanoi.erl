%% Towers of Hanoi: move list for 4 discs, move count for 18 discs,
%% and a simulation of pegs as a 3-tuple of lists (setelement-heavy).
-module(hanoi).
-export([main/0]).

main() ->
    {moves(4, a, c, b, []), count(18), simulate(10)}.

moves(0, _, _, _, Acc) -> Acc;
moves(N, From, To, Via, Acc) ->
    moves(N - 1, From, Via, To, [{From, To} | moves(N - 1, Via, To, From, Acc)]).

count(0) -> 0;
count(N) -> 2 * count(N - 1) + 1.

simulate(N) ->
    Pegs = {seq(1, N), [], []},
    Final = run(N, 1, 3, 2, Pegs),
    {Final, ok}.

run(0, _, _, _, Pegs) -> Pegs;
run(N, F, T, V, Pegs) ->
    P1 = run(N - 1, F, V, T, Pegs),
    P2 = move(F, T, P1),
    run(N - 1, V, T, F, P2).

move(F, T, Pegs) ->
    [D | Rest] = element(F, Pegs),
    To = element(T, Pegs),
    ok = check(D, To),
    setelement(T, setelement(F, Pegs, Rest), [D | To]).

check(_, []) -> ok;
check(D, [Top | _]) when D < Top -> ok.

seq(A, B) when A > B -> [];
seq(A, B) -> [A | seq(A + 1, B)].
