%% calendar's date arithmetic (pure Erlang in OTP).
-module(stdlib_calendar).
-export([main/0]).

main() ->
    D = {2026, 11, 22},
    Days = calendar:date_to_gregorian_days(D),
    {Days, calendar:gregorian_days_to_date(Days + 100), calendar:day_of_the_week(D),
     calendar:is_leap_year(2024), calendar:last_day_of_the_month(2026, 2),
     calendar:valid_date({2026, 2, 30}), calendar:iso_week_number(D),
     calendar:datetime_to_gregorian_seconds({D, {12, 30, 0}}),
     calendar:seconds_to_daystime(100000), calendar:time_difference({D, {0, 0, 0}}, {{2026, 12, 25}, {6, 0, 0}})}.
