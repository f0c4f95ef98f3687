%% Uncaught error raised with erlang:error/1 and an atom reason.
-module(error_custom).
-export([main/0, check/1]).

main() ->
    ok = check(1),
    check(2).

check(1) -> ok;
check(_) -> erlang:error(my_reason).
