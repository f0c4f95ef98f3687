-module(map_err_from_list).
-export([main/0]).
id(X) -> X.
main() -> maps:from_list(id([{a, 1}, not_a_pair])).
