-module(bin_err_badarg_int).
-export([main/0]).
id(X) -> X.
main() -> X = id(foo), <<1, X:8, 2>>.
