%% Bignums read as floats the way OTP converts them (64-bit digits accumulated from the most
%% significant, each step rounded; not always the nearest float): float/1, mixed arithmetic,
%% math, float segments, comparisons.
-module(bignum_to_float).
-export([main/0, id/1]).
id(X) -> X.
main() ->
  Xs = [id(25228592878746635965360340799109111070967594325395353285884046322686688509254879667581955701479063809093397711949100471996157146914801788164073155002228343728411769952640048), id(-(1 bsl 200) - 12345678901234567), id(1 bsl 70 + 1), id((1 bsl 64) * 3 + (1 bsl 63) + 1), id(123456789012345678901234567890)],
  [{float(X), X + 0.5, X * 1.0, X / 3, math:sqrt(abs(X)), <<X/float>>, X == float(X)} || X <- Xs].
