-module(time_localtime).
-export([main/0]).
%% Local time conversions as the C library's mktime makes them (OTP calls it): the reading of
%% ambiguous and missing local times, and is_dst true/false moving by an hour even where the
%% zone has no daylight saving. Whatever the machine's zone, erl and beamwasm see the same.
main() ->
    L = erlang:localtime(), U = erlang:universaltime(),
    {calendar:datetime_to_gregorian_seconds(L) - calendar:datetime_to_gregorian_seconds(U),
     [erlang:universaltime_to_localtime(T) || T <- [{{2021,7,14},{12,0,0}}, {{2021,1,14},{12,0,0}}, {{1950,1,1},{0,0,0}}, {{2021,3,28},{1,30,0}}]],
     [erlang:localtime_to_universaltime(T, D) || T <- [{{2021,10,31},{2,30,0}}, {{2021,3,28},{2,30,0}}, {{2021,7,1},{0,0,0}}], D <- [true, false, undefined]],
     calendar:local_time_to_universal_time_dst({{2021,10,31},{2,30,0}}),
     calendar:local_time_to_universal_time_dst({{2021,3,28},{2,30,0}})}.
