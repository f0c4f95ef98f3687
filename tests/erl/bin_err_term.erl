-module(bin_err_term).
-export([main/0]).
id(X) -> X.
main() -> binary_to_term(id(<<131, 200, 1>>)).
