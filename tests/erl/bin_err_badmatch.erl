-module(bin_err_badmatch).
-export([main/0]).
id(X) -> X.
main() -> <<A:8, B:16>> = id(<<1, 2, 3:3>>), {A, B}.
