%% A registered name goes away with its process; monitor by name; registered/0.
-module(proc_registered_down).
-export([main/0]).

main() ->
    P = spawn(fun() -> receive stop -> ok end end),
    register(temp_name, P),
    In = [N || N <- registered(), N =:= temp_name],
    Ref = monitor(process, temp_name),
    temp_name ! stop,
    D = receive {'DOWN', Ref, process, Who, Why} -> {Who, Why} end,
    receive after 10 -> ok end,
    {In, D, whereis(temp_name)}.
