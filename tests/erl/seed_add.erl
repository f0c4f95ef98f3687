%% The seed milestone: add(5, 3) = 8.
-module(seed_add).
-export([main/0, add/2]).

main() -> add(5, 3).

add(A, B) -> A + B.
