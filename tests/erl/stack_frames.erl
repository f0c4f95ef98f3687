%% Calls in the middle of bodies with many live variables: allocate,
%% init_yregs, y-register saves across calls, deallocate.
-module(stack_frames).
-export([main/0]).

main() ->
    {live(1, 2, 3), nested(5), sum_live(20), branchy(4), branchy(7)}.

live(A, B, C) ->
    D = f(A),
    E = f(B),
    F = f(C),
    G = f(D + E),
    [A, B, C, D, E, F, G, A + B + C + D + E + F + G].

f(X) -> X * 3 + 1.

nested(0) -> [];
nested(N) ->
    X = f(N),
    Rest = nested(N - 1),
    Y = f(X),
    [{N, X, Y} | Rest].

sum_live(0) -> 0;
sum_live(N) ->
    A = N * 2,
    B = sum_live(N - 1),
    A + B + N.

%% Variables live only in some branches (y registers that must be initialised).
branchy(N) ->
    case N rem 2 of
        0 ->
            A = f(N),
            B = f(A),
            {even, A, B, f(A + B)};
        1 ->
            C = f(N),
            {odd, C, f(C)}
    end.
