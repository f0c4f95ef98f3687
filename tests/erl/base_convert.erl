%% Integer to digit lists in several bases and back, for small ints and
%% bignums of both signs; bit lengths and digit sums.
-module(base_convert).
-export([main/0]).

main() ->
    Ns = [0, 1, 255, -255, 134217727, 134217728, (1 bsl 64) - 1, -(1 bsl 64), fact(25)],
    {[to_base(N, 2) || N <- [0, 5, -5, 255]],
     [to_base(N, 16) || N <- Ns],
     [from_base(to_base(N, B), B) =:= N || N <- Ns, B <- [2, 3, 7, 10, 16, 36]],
     [bitlen(N, 0) || N <- Ns]}.

to_base(0, _) -> "0";
to_base(N, B) when N < 0 -> [$- | to_base(-N, B)];
to_base(N, B) -> digits(N, B, []).

digits(0, _, Acc) -> Acc;
digits(N, B, Acc) -> digits(N div B, B, [digit(N rem B) | Acc]).

digit(D) when D < 10 -> $0 + D;
digit(D) -> $a + D - 10.

from_base([$- | Ds], B) -> -from_base(Ds, B);
from_base(Ds, B) -> acc(Ds, B, 0).

acc([], _, N) -> N;
acc([D | Ds], B, N) -> acc(Ds, B, N * B + val(D)).

val(D) when D >= $a -> D - $a + 10;
val(D) -> D - $0.

bitlen(0, Acc) -> Acc;
bitlen(N, Acc) when N < 0 -> bitlen(-N, Acc);
bitlen(N, Acc) -> bitlen(N bsr 1, Acc + 1).

fact(0) -> 1;
fact(N) -> N * fact(N - 1).
