-module(floats).
-export([add/2, half/1]).

add(A, B) when is_float(A), is_float(B) -> A + B.

half(X) -> X / 2.
