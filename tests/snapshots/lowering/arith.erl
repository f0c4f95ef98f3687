-module(arith).
-export([add/2, multiply/2, mask/2, shift/2, ratio/2, size_of/1]).

add(A, B) -> A + B.

multiply(A, B) -> A * B.

mask(A, B) -> A band B.

shift(A, B) -> A bsl B.

ratio(A, B) -> A / B.

size_of(T) -> tuple_size(T).
