%% N-queens by backtracking: count solutions for N = 1..8, first solution of 8.
-module(queens).
-export([main/0]).

main() ->
    {[count(N) || N <- [1, 2, 3, 4, 5, 6, 7, 8]], first(8)}.

count(N) -> place(N, N, [], 0).

place(_, 0, _, Acc) -> Acc + 1;
place(N, K, Qs, Acc) -> try_cols(N, K, Qs, 1, Acc).

try_cols(N, _, _, C, Acc) when C > N -> Acc;
try_cols(N, K, Qs, C, Acc) ->
    Acc2 = case safe(C, Qs, 1) of
               true -> place(N, K - 1, [C | Qs], Acc);
               false -> Acc
           end,
    try_cols(N, K, Qs, C + 1, Acc2).

safe(_, [], _) -> true;
safe(C, [Q | Qs], D) ->
    C =/= Q andalso abs(C - Q) =/= D andalso safe(C, Qs, D + 1).

first(N) -> first(N, N, []).

first(_, 0, Qs) -> Qs;
first(N, K, Qs) -> first_cols(N, K, Qs, 1).

first_cols(N, _, _, C) when C > N -> none;
first_cols(N, K, Qs, C) ->
    case safe(C, Qs, 1) andalso first(N, K - 1, [C | Qs]) of
        false -> first_cols(N, K, Qs, C + 1);
        none -> first_cols(N, K, Qs, C + 1);
        Sol -> Sol
    end.
