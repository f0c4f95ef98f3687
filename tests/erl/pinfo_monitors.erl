%% monitors and monitored_by, by pid and by name; demonitor with flush and info; 'DOWN' ends
%% the monitor on both sides.
-module(pinfo_monitors).
-export([main/0]).
loop() -> receive stop -> ok; _ -> loop() end.
main() ->
    A = spawn(fun loop/0),
    B = spawn(fun loop/0),
    register(pinfo_mon_b, B),
    R1 = monitor(process, A),
    R2 = monitor(process, pinfo_mon_b),
    {monitors, M1} = process_info(self(), monitors),
    {monitored_by, By} = process_info(A, monitored_by),
    I1 = demonitor(R1, [info]),
    I2 = demonitor(R1, [info]),
    {monitors, M2} = process_info(self(), monitors),
    B ! stop,
    receive {'DOWN', R2, process, Who, normal} -> ok end,
    {monitors, M3} = process_info(self(), monitors),
    R3 = monitor(process, A),
    A ! stop,
    receive {'DOWN', R3, process, A, normal} = Down -> ok end,
    self() ! {'DOWN', R3, process, A, normal},
    F = demonitor(R3, [flush, info]),
    {messages, Left} = process_info(self(), messages),
    Bad = catch demonitor(R3, [nope]),
    {lists:sort(M1) =:= lists:sort([{process, A}, {process, {pinfo_mon_b, node()}}]),
     By =:= [self()], I1, I2, M2, Who, M3, element(1, Down), F, Left, element(1, element(2, Bad))}.
