%% Control flow: if chains, nested case, jumps to shared continuations,
%% boolean operators with short-circuit, case on computed values.
-module(jumps).
-export([main/0]).

main() ->
    {[grade(S) || S <- [95, 85, 75, 65, 10, 100, 0]],
     [fizz(N) || N <- seq(1, 20)],
     [sign(X) || X <- [-5, 0, 5]],
     [both(A, B) || A <- [true, false], B <- [true, false]],
     shared(1), shared(2), shared(3),
     collatz_len(27, 0)}.

grade(S) ->
    if
        S >= 90 -> a;
        S >= 80 -> b;
        S >= 70 -> c;
        S >= 60 -> d;
        true -> f
    end.

fizz(N) ->
    case {N rem 3, N rem 5} of
        {0, 0} -> fizzbuzz;
        {0, _} -> fizz;
        {_, 0} -> buzz;
        _ -> N
    end.

sign(X) -> if X < 0 -> -1; X =:= 0 -> 0; true -> 1 end.

both(A, B) -> {A andalso B, A orelse B, (A or B) and not (A and B)}.

%% Several branches joining before a common tail.
shared(X) ->
    Y = case X of
            1 -> 10;
            2 -> 20;
            _ -> 30
        end,
    Z = if Y > 15 -> Y * 2; true -> Y end,
    {X, Y, Z}.

collatz_len(1, Acc) -> Acc;
collatz_len(N, Acc) when N rem 2 =:= 0 -> collatz_len(N div 2, Acc + 1);
collatz_len(N, Acc) -> collatz_len(3 * N + 1, Acc + 1).

seq(A, B) when A > B -> [];
seq(A, B) -> [A | seq(A + 1, B)].
