-module(funs).
-export([adder/1, call/2, apply3/3]).

adder(N) -> fun(X) -> X + N end.

call(F, X) -> F(X).

apply3(M, F, A) -> apply(M, F, A).
