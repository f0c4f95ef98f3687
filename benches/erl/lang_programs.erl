%% Programs the language benchmark runs on beamwasm and on OTP 25: map updates, a float kernel
%% and a binary build/match loop. Each returns a checksum so the work is not dead.
-module(lang_programs).
-export([maps/0, floats/0, binaries/0]).

%% 200,000 updates of existing keys: half in a 1,000-key map (a tree in beamwasm, a HAMT in OTP),
%% half in a 10-key map (a flatmap in both), plus a lookup each.
maps() ->
    Big = maps:from_list([{I, I} || I <- seq(0, 999)]),
    Small = maps:from_list([{I, 0} || I <- seq(0, 9)]),
    maps_loop(100000, Big, Small).

maps_loop(0, Big, Small) -> maps:get(7, Big) + maps:get(3, Small);
maps_loop(N, Big, Small) ->
    K = N rem 1000,
    J = N rem 10,
    maps_loop(N - 1, Big#{K := maps:get(K, Big) + 1}, Small#{J := map_get(J, Small) + N}).

%% Mandelbrot escape counts over a 120 x 80 grid, at most 100 iterations a point.
floats() -> rows(0, 0).

rows(80, Acc) -> Acc;
rows(Y, Acc) -> rows(Y + 1, cols(0, Y, Acc)).

cols(120, _, Acc) -> Acc;
cols(X, Y, Acc) ->
    Cx = X / 40 - 2.0,
    Cy = Y / 40 - 1.0,
    cols(X + 1, Y, Acc + escape(Cx, Cy, 0.0, 0.0, 0)).

escape(_, _, _, _, 100) -> 100;
escape(_, _, X, Y, N) when X * X + Y * Y > 4.0 -> N;
escape(Cx, Cy, X, Y, N) -> escape(Cx, Cy, X * X - Y * Y + Cx, 2.0 * X * Y + Cy, N + 1).

%% Builds a 400 KB binary by appending 100,000 32-bit integers, then parses it back.
binaries() ->
    Bin = build(0, <<>>),
    sum(Bin, 0).

build(100000, Acc) -> Acc;
build(I, Acc) -> build(I + 1, <<Acc/binary, I:32>>).

sum(<<I:32, Rest/binary>>, Acc) -> sum(Rest, Acc + I);
sum(<<>>, Acc) -> Acc.

seq(A, B) when A > B -> [];
seq(A, B) -> [A | seq(A + 1, B)].
