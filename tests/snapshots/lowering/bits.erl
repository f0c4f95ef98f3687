-module(bits).
-export([build/1, first_byte/1, append/2]).

build(A) -> <<A:8, 1:16>>.

first_byte(<<B:8, _/binary>>) -> B.

append(Acc, V) -> <<Acc/binary, V:8>>.
