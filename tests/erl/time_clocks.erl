-module(time_clocks).
-export([main/0]).
%% The erlang time API: monotonic never decreasing, system time = monotonic + offset,
%% timestamp/0's shape, units, timer:tc/1,2,3.
loop(0, _Prev, Ok) -> Ok;
loop(N, Prev, Ok) ->
    T = erlang:monotonic_time(),
    loop(N - 1, T, Ok andalso T >= Prev).
main() ->
    M0 = erlang:monotonic_time(),
    Offset = erlang:time_offset(),
    S0 = erlang:system_time(),
    Drift = abs(S0 - (M0 + Offset)),
    NativeSecond = erlang:convert_time_unit(1, second, native),
    {Mega, Sec, Micro} = erlang:timestamp(),
    TsSec = Mega * 1000000 + Sec,
    SysSec = erlang:system_time(second),
    OffsetMs = erlang:time_offset(millisecond),
    {Tc, Val} = timer:tc(fun() -> lists:sum(lists:seq(1, 1000)) end),
    {Tc2, Val2} = timer:tc(lists, reverse, [[1, 2, 3]]),
    {Tc3, Val3} = timer:tc(fun(X) -> X * 2 end, [21]),
    Ms = erlang:monotonic_time(millisecond),
    Us = erlang:monotonic_time(microsecond),
    {loop(1000, erlang:monotonic_time(), true),
     Drift < NativeSecond, abs(TsSec - SysSec) =< 1, Micro >= 0 andalso Micro < 1000000,
     abs(OffsetMs - erlang:convert_time_unit(Offset, native, millisecond)) =< 1,
     is_integer(Tc) andalso Tc >= 0, Val, Tc2 >= 0, Val2, Tc3 >= 0, Val3,
     Us div 1000 >= Ms, erlang:system_time(second) > 1600000000,
     try erlang:time_offset(bad) catch error:R -> R end,
     try erlang:monotonic_time(bad) catch error:R2 -> R2 end}.
