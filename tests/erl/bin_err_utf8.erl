-module(bin_err_utf8).
-export([main/0]).
id(X) -> X.
main() -> <<"ok", (id(16#D800))/utf8>>.
