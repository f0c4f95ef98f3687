-module(otp_gen_server_basic).
-behaviour(gen_server).
-export([main/0, init/1, handle_call/3, handle_cast/2, handle_info/2, terminate/2]).
init(N) -> {ok, N}.
handle_call(get, _From, N) -> {reply, N, N};
handle_call({add, K}, _From, N) -> {reply, ok, N + K};
handle_call(stop, _From, N) -> {stop, normal, stopped, N}.
handle_cast({add, K}, N) -> {noreply, N + K}.
handle_info({add, K}, N) -> {noreply, N + K}.
terminate(_, _) -> ok.
main() ->
    {ok, P} = gen_server:start_link(?MODULE, 10, []),
    ok = gen_server:call(P, {add, 5}),
    gen_server:cast(P, {add, 1}),
    P ! {add, 100},
    V = gen_server:call(P, get),
    S = gen_server:call(P, stop),
    {V, S, is_process_alive(P)}.
