-module(map_err_badkey).
-export([main/0]).
id(X) -> X.
main() -> M = id(#{a => 1, b => 2}), M#{c := 3}.
