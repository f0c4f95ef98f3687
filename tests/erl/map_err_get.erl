-module(map_err_get).
-export([main/0]).
id(X) -> X.
main() -> maps:get(id({missing, "key"}), id(#{a => 1})).
