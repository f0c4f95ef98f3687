%% Argument permutation: functions that rotate/swap their arguments force
%% register-to-register moves (and swaps) before every tail call.
-module(moves_swap).
-export([main/0]).

main() ->
    {rot3(10, a, b, c),
     rot4(7, 1, 2, 3, 4),
     swap_loop(1001, x, y),
     shuffle(5, {1, 2, 3, 4, 5}),
     cross(3, 4, 5, 6)}.

rot3(0, A, B, C) -> [A, B, C];
rot3(N, A, B, C) -> rot3(N - 1, B, C, A).

rot4(0, A, B, C, D) -> {A, B, C, D};
rot4(N, A, B, C, D) -> rot4(N - 1, D, A, B, C).

swap_loop(0, X, Y) -> {X, Y};
swap_loop(N, X, Y) -> swap_loop(N - 1, Y, X).

shuffle(0, T) -> T;
shuffle(N, {A, B, C, D, E}) -> shuffle(N - 1, {E, C, A, D, B}).

%% Same values in different argument positions of a call in the middle.
cross(A, B, C, D) ->
    X = sub(D, C, B, A),
    Y = sub(A, D, C, B),
    Z = sub(B, A, D, C),
    {X, Y, Z, sub(C, B, A, D)}.

sub(A, B, C, D) -> ((A - B) * 10 + C) * 10 - D.
