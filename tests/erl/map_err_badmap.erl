-module(map_err_badmap).
-export([main/0]).
id(X) -> X.
main() -> M = id({not_a_map}), M#{a => 1}.
