-module(time_calendar).
-export([main/0]).
%% erlang:localtime/0, universaltime/0 and the conversions between them (through calendar),
%% deterministic calendar arithmetic, and the universal-local round trip.
valid({{Y, Mo, D}, {H, Mi, S}}) ->
    is_integer(Y) andalso Y >= 2020 andalso calendar:valid_date(Y, Mo, D)
        andalso H >= 0 andalso H < 24 andalso Mi >= 0 andalso Mi < 60 andalso S >= 0 andalso S < 60.
main() ->
    U = erlang:universaltime(),
    L = erlang:localtime(),
    CU = calendar:universal_time(),
    CL = calendar:local_time(),
    Fixed = {{2021, 7, 14}, {12, 30, 5}},
    Winter = {{2021, 1, 14}, {12, 30, 5}},
    RoundTrip = [erlang:localtime_to_universaltime(erlang:universaltime_to_localtime(T)) =:= T
                 || T <- [Fixed, Winter]],
    Diff = calendar:datetime_to_gregorian_seconds(L) - calendar:datetime_to_gregorian_seconds(U),
    Now = erlang:timestamp(),
    NowU = calendar:now_to_universal_time(Now),
    SysU = calendar:system_time_to_universal_time(erlang:system_time(second), second),
    {valid(U), valid(L), valid(CU), valid(CL), RoundTrip,
     abs(Diff) =< 14 * 3600, Diff rem 900,
     abs(calendar:datetime_to_gregorian_seconds(NowU) - calendar:datetime_to_gregorian_seconds(U)) =< 2,
     abs(calendar:datetime_to_gregorian_seconds(SysU) - calendar:datetime_to_gregorian_seconds(U)) =< 2,
     calendar:local_time_to_universal_time_dst(erlang:universaltime_to_localtime(Fixed)),
     calendar:system_time_to_universal_time(1000000000, second),
     calendar:system_time_to_universal_time(-1, second),
     calendar:now_to_universal_time({1000, 123456, 0}),
     calendar:gregorian_seconds_to_datetime(63000000000),
     calendar:day_of_the_week(2024, 2, 29), calendar:iso_week_number({2021, 1, 3}),
     calendar:last_day_of_the_month(1900, 2), calendar:time_difference(Fixed, Winter),
     calendar:system_time_to_rfc3339(1600000000, [{offset, "Z"}]),
     calendar:rfc3339_to_system_time("2020-09-13T12:26:40Z"),
     erlang:universaltime_to_posixtime({{2000, 1, 1}, {0, 0, 0}}),
     erlang:posixtime_to_universaltime(946684800),
     [erlang:posixtime_to_universaltime(N) || N <- [1 bsl 63 - 1, 1 bsl 62, -62135596800, -1, -2208988801]],
     try erlang:posixtime_to_universaltime(1 bsl 63) catch error:R0 -> R0 end,
     try erlang:universaltime_to_localtime({{2021, 2, 30}, {0, 0, 0}}) catch error:R -> R end,
     try erlang:localtime_to_universaltime(bad) catch error:R2 -> R2 end,
     try erlang:localtime_to_universaltime({{2021, 1, 1}, {24, 0, 0}}, false) catch error:R3 -> R3 end}.
