-module(bin_err_bif).
-export([main/0]).
id(X) -> X.
main() -> binary_to_list(id(<<1, 2:3>>)).
