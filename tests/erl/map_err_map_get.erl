-module(map_err_map_get).
-export([main/0]).
id(X) -> X.
main() -> X = map_get(id(a), id([not_a_map])), {X}.
