%% A small key-value server: calls with references, state in a map, stop and reply.
-module(proc_server).
-export([main/0]).

main() ->
    Server = spawn(fun() -> loop(#{}) end),
    ok = call(Server, {put, a, 1}),
    ok = call(Server, {put, b, 2}),
    A = call(Server, {get, a}),
    C = call(Server, {get, c}),
    ok = call(Server, {put, a, 10}),
    All = call(Server, all),
    Final = call(Server, stop),
    {A, C, All, Final, receive after 5 -> is_process_alive(Server) end}.

call(Server, Request) ->
    Ref = make_ref(),
    Server ! {call, self(), Ref, Request},
    receive {Ref, Reply} -> Reply after 1000 -> timeout end.

loop(State) ->
    receive
        {call, From, Ref, {put, K, V}} -> From ! {Ref, ok}, loop(State#{K => V});
        {call, From, Ref, {get, K}} -> From ! {Ref, case State of #{K := V} -> V; _ -> undefined end}, loop(State);
        {call, From, Ref, all} -> From ! {Ref, maps:to_list(State)}, loop(State);
        {call, From, Ref, stop} -> From ! {Ref, {stopped, map_size(State)}}
    end.

