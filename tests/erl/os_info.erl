-module(os_info).
-export([main/0]).
%% os:type/0, version/0, getpid/0 and the clocks of os: types and units.
main() ->
    {Family, Name} = os:type(),
    Version = os:version(),
    Pid = os:getpid(),
    {Mega, Sec, Micro} = os:timestamp(),
    SysNative = os:system_time(),
    SysSec = os:system_time(second),
    SysMs = os:system_time(millisecond),
    P1 = os:perf_counter(),
    P2 = os:perf_counter(),
    Pus = os:perf_counter(microsecond),
    {Family, Name,
     case Version of
         {A, B, C} -> is_integer(A) andalso is_integer(B) andalso is_integer(C);
         _ -> is_list(Version)
     end,
     is_list(Pid) andalso Pid =/= [] andalso lists:all(fun(D) -> D >= $0 andalso D =< $9 end, Pid),
     is_integer(Mega) andalso Mega > 1000, Sec >= 0 andalso Sec < 1000000, Micro >= 0 andalso Micro < 1000000,
     abs(Mega * 1000000 + Sec - SysSec) =< 2, abs(SysNative div 1000000000 - SysSec) =< 2,
     abs(SysMs div 1000 - SysSec) =< 2, SysSec > 1600000000,
     is_integer(P1), P2 >= P1, is_integer(Pus),
     try os:system_time(foo) catch error:R -> R end,
     try os:perf_counter(foo) catch error:R2 -> R2 end}.
