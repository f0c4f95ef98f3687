-module(time_units).
-export([main/0]).
%% erlang:convert_time_unit/3: exact, with floor rounding of negative values, every unit name,
%% integer units, native and perf_counter, and badargs.
try_all(Funs) -> [try F() of V -> {ok, V} catch C:R -> {C, R} end || F <- Funs].
main() ->
    Units = [second, millisecond, microsecond, nanosecond, seconds, milli_seconds,
             micro_seconds, nano_seconds, 1, 3, 7, 1000, 1000000],
    Values = [0, 1, -1, 999, -999, 1000, -1001, 123456789, -123456789, 1 bsl 70],
    Table = [erlang:convert_time_unit(V, F, T) || V <- Values, F <- Units, T <- Units],
    Native = erlang:convert_time_unit(1, second, native),
    Perf = erlang:convert_time_unit(1, second, perf_counter),
    RoundTrip = [erlang:convert_time_unit(erlang:convert_time_unit(V, millisecond, native), native, millisecond)
                 || V <- Values],
    {erlang:phash2(Table), lists:sublist(Table, 1000, 60), Native >= 1000, Perf >= 1000, RoundTrip =:= Values,
     try_all([fun() -> erlang:convert_time_unit(1, foo, second) end,
              fun() -> erlang:convert_time_unit(1, second, 0) end,
              fun() -> erlang:convert_time_unit(1.0, second, second) end,
              fun() -> erlang:convert_time_unit(1, -5, second) end,
              fun() -> erlang:convert_time_unit(a, second, second) end])}.
