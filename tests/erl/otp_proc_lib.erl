%% proc_lib: start_link with init_ack, start with a failing init, spawn_link, the
%% '$ancestors' and '$initial_call' dictionary entries, initial_call/1, translate_initial_call/1.
-module(otp_proc_lib).
-export([main/0, init/2, worker/1]).
init(Parent, Mode) ->
    case Mode of
        ok -> proc_lib:init_ack(Parent, {ok, self()}), receive {get, From} -> From ! {dict, get()} end;
        fail -> proc_lib:init_ack(Parent, {error, refused})
    end.
worker(Parent) -> Parent ! {worker, self(), get('$ancestors'), get('$initial_call')}.
main() ->
    {ok, P} = proc_lib:start_link(?MODULE, init, [self(), ok]),
    A = proc_lib:initial_call(P),
    B = proc_lib:translate_initial_call(P),
    P ! {get, self()},
    D = receive {dict, Dict} -> lists:sort([K || {K, _} <- Dict]) end,
    C = proc_lib:start(?MODULE, init, [self(), fail]),
    W = proc_lib:spawn_link(?MODULE, worker, [self()]),
    E = receive {worker, W, Anc, Init} -> {Anc =:= [self()], Init} end,
    F = proc_lib:initial_call(self()),
    {A, B, C, D, E, F}.
