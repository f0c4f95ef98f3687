-module(map_err_map_size).
-export([main/0]).
id(X) -> X.
main() -> X = map_size(id(<<1,2>>)), {X}.
