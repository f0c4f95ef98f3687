-module(bin_err_to_integer).
-export([main/0]).
id(X) -> X.
main() -> {binary_to_integer(id(<<"12">>)), binary_to_integer(id(<<"1 2">>))}.
