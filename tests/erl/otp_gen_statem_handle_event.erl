%% gen_statem with handle_event_function: timeouts (event, state, generic), next_event, stop.
-module(otp_gen_statem_handle_event).
-behaviour(gen_statem).
-export([main/0, init/1, callback_mode/0, handle_event/4, terminate/3]).
callback_mode() -> handle_event_function.
init(Parent) -> {ok, {idle, 0}, Parent}.
handle_event({call, From}, start, {idle, N}, P) ->
    {next_state, {busy, N + 1}, P, [{reply, From, started}, {state_timeout, 0, done}]};
handle_event(state_timeout, done, {busy, N}, P) ->
    P ! {state_timeout_fired, N},
    {next_state, {idle, N}, P, [{next_event, internal, count}]};
handle_event(internal, count, {idle, N}, P) ->
    P ! {internal, N},
    {keep_state_and_data, [{{timeout, t1}, 0, gen}]};
handle_event({timeout, t1}, gen, S, P) ->
    P ! {generic, S},
    keep_state_and_data;
handle_event({call, From}, get, S, _P) -> {keep_state_and_data, [{reply, From, S}]};
handle_event({call, From}, {stop, R}, _S, _P) -> {stop_and_reply, R, [{reply, From, bye}]};
handle_event(info, ping, _S, P) -> P ! pong, keep_state_and_data.
terminate(R, S, P) -> P ! {terminated, R, S}, ok.
main() ->
    {ok, Pid} = gen_statem:start(?MODULE, self(), []),
    A = gen_statem:call(Pid, start),
    B = receive {state_timeout_fired, _} = M1 -> M1 end,
    C = receive {internal, _} = M2 -> M2 end,
    D = receive {generic, _} = M3 -> M3 end,
    Pid ! ping,
    E = receive pong -> pong end,
    F = gen_statem:call(Pid, get),
    Ref = monitor(process, Pid),
    G = gen_statem:call(Pid, {stop, normal}),
    H = receive {terminated, _, _} = M4 -> M4 end,
    I = receive {'DOWN', Ref, process, Pid, Why} -> Why end,
    {A, B, C, D, E, F, G, H, I}.
