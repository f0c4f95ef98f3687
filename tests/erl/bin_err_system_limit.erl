-module(bin_err_system_limit).
-export([main/0]).
id(X) -> X.
main() -> N = id(1 bsl 62), <<0:N>>.
