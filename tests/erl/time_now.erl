-module(time_now).
-export([main/0]).
-compile({nowarn_deprecated_function, [{erlang, now, 0}]}).
%% erlang:now/0 strictly increasing, date/0 and time/0 against localtime/0, os:timestamp
%% against erlang:timestamp, and unique, ordered now values across processes.
main() ->
    Nows = [erlang:now() || _ <- lists:seq(1, 200)],
    Strict = lists:sort(Nows) =:= Nows andalso length(lists:usort(Nows)) =:= 200,
    Self = self(),
    [spawn(fun() -> Self ! {now, erlang:now()} end) || _ <- lists:seq(1, 5)],
    Others = [receive {now, N} -> N end || _ <- lists:seq(1, 5)],
    Unique = length(lists:usort(Others ++ Nows)) =:= 205,
    {D, T} = {erlang:date(), erlang:time()},
    {LD, LT} = erlang:localtime(),
    Close = D =:= LD andalso abs(calendar:time_to_seconds(T) - calendar:time_to_seconds(LT)) =< 2,
    {M1, S1, _} = os:timestamp(),
    {M2, S2, _} = erlang:timestamp(),
    {NM, NS, NU} = hd(Nows),
    {Strict, Unique, Close, abs((M1 * 1000000 + S1) - (M2 * 1000000 + S2)) =< 1,
     is_integer(NM) andalso NS < 1000000 andalso NU < 1000000,
     calendar:now_to_universal_time({0, 0, 0}), calendar:valid_date(D)}.
