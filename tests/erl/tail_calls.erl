%% Tail calls: long accumulator loops (1,000,000 iterations) that must
%% run in constant stack, tail calls between functions with different arities.
-module(tail_calls).
-export([main/0]).

main() ->
    {count(1000000, 0), sum_to(1000000, 0), hop(500000), loop3(1, 2, 3, 200000),
     digits(1 bsl 100, 0)}.

count(0, Acc) -> Acc;
count(N, Acc) -> count(N - 1, Acc + 1).

sum_to(0, Acc) -> Acc;
sum_to(N, Acc) -> sum_to(N - 1, Acc + N).

hop(0) -> done;
hop(N) -> hop2(N - 1, extra).

hop2(N, _) -> hop3(N, a, b).

hop3(N, _, _) -> hop(N).

loop3(A, B, C, 0) -> {A, B, C};
loop3(A, B, C, N) -> loop3(B, C, (A + B + C) rem 1000007, N - 1).

digits(0, Acc) -> Acc;
digits(N, Acc) -> digits(N div 10, Acc + N rem 10).
