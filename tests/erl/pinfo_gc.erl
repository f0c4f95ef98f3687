%% garbage_collect/0,1,2: results for self, another process, a dead one; {async, Ref};
%% bad options; data survives.
-module(pinfo_gc).
-export([main/0]).
main() ->
    Data = [{N, integer_to_list(N)} || N <- lists:seq(1, 2000)],
    put(data, lists:sublist(Data, 10)),
    A = garbage_collect(),
    P = spawn(fun() -> receive stop -> ok end end),
    B = garbage_collect(P),
    C = garbage_collect(self(), [{type, minor}]),
    D = garbage_collect(self(), [{async, my_req}]),
    E = receive {garbage_collect, my_req, Res} -> Res end,
    Ref = monitor(process, P),
    P ! stop,
    receive {'DOWN', Ref, _, _, _} -> ok end,
    F = garbage_collect(P),
    G = garbage_collect(P, [{async, dead_req}]),
    H = receive {garbage_collect, dead_req, Res2} -> Res2 end,
    Bad = [catch garbage_collect(foo), catch garbage_collect(self(), [{type, huge}]),
           catch garbage_collect(self(), bad)],
    {A, B, C, D, E, F, G, H, [element(1, element(2, X)) || X <- Bad], length(Data),
     lists:last(Data), get(data) =:= lists:sublist(Data, 10)}.
