%% Uncaught error: badarg from element/2 with an index beyond the tuple size.
-module(error_badarg).
-export([main/0, idx/0]).

main() ->
    T = {1},
    element(idx(), T).

idx() -> 5.
