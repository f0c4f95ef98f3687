%% Matrices as lists of lists: transpose, multiply, identity, power
%% (fibonacci via 2x2 matrix power into bignums), determinant by expansion.
-module(matrix).
-export([main/0]).

main() ->
    A = [[1, 2, 3], [4, 5, 6]],
    B = [[7, 8], [9, 10], [11, 12]],
    {transpose(A), mul(A, B), mul(B, A), identity(4),
     mpow([[1, 1], [1, 0]], 200),
     det([[2, -3, 1], [2, 0, -1], [1, 4, 5]]),
     det([[1, 2, 3, 4], [5, 6, 7, 8], [2, 6, 4, 8], [3, 1, 1, 2]])}.

transpose([[] | _]) -> [];
transpose(M) -> [heads(M) | transpose(tails(M))].

heads([]) -> [];
heads([[H | _] | Rs]) -> [H | heads(Rs)].

tails([]) -> [];
tails([[_ | T] | Rs]) -> [T | tails(Rs)].

mul(A, B) -> mul_rows(A, transpose(B)).

mul_rows([], _) -> [];
mul_rows([R | Rs], Cols) -> [row_times(R, Cols) | mul_rows(Rs, Cols)].

row_times(_, []) -> [];
row_times(R, [C | Cs]) -> [dot(R, C, 0) | row_times(R, Cs)].

dot([], [], Acc) -> Acc;
dot([X | Xs], [Y | Ys], Acc) -> dot(Xs, Ys, Acc + X * Y).

identity(N) -> [[delta(I, J) || J <- seq(1, N)] || I <- seq(1, N)].

delta(I, I) -> 1;
delta(_, _) -> 0.

mpow(M, 1) -> M;
mpow(M, N) when N rem 2 =:= 0 -> H = mpow(M, N div 2), mul(H, H);
mpow(M, N) -> mul(M, mpow(M, N - 1)).

det([[X]]) -> X;
det([Row | Rest]) -> expand(Row, Rest, 1, 1, 0).

expand([], _, _, _, Acc) -> Acc;
expand([X | Xs], Rest, J, Sign, Acc) ->
    Minor = [drop_col(R, J) || R <- Rest],
    expand(Xs, Rest, J + 1, -Sign, Acc + Sign * X * det(Minor)).

drop_col([_ | T], 1) -> T;
drop_col([H | T], J) -> [H | drop_col(T, J - 1)].

seq(A, B) when A > B -> [];
seq(A, B) -> [A | seq(A + 1, B)].
