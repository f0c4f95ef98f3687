%% Time BIFs: monotonic time does not go back; units convert.
-module(proc_time).
-export([main/0]).

main() ->
    T1 = erlang:monotonic_time(),
    receive after 20 -> ok end,
    T2 = erlang:monotonic_time(),
    Ms1 = erlang:monotonic_time(millisecond),
    S = erlang:system_time(second),
    {is_integer(T1), T2 > T1, is_integer(Ms1), S > 1600000000, erlang:system_time(millisecond) > S}.
