%% Uncaught error raised with erlang:error/1 and a compound reason
%% containing a bignum, a list and a nested tuple.
-module(error_tuple_reason).
-export([main/0, fail/1]).

main() -> fail(1 bsl 70).

fail(N) -> erlang:error({bad_thing, N, [1, 2], {nested, -N}}).
