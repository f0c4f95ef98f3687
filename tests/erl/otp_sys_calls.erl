%% sys on a gen_server: get_state, replace_state, suspend/resume (calls wait), log.
-module(otp_sys_calls).
-behaviour(gen_server).
-export([main/0, init/1, handle_call/3, handle_cast/2]).
init(N) -> {ok, N}.
handle_call(get, _From, N) -> {reply, N, N}.
handle_cast({set, V}, _) -> {noreply, V}.
main() ->
    {ok, P} = gen_server:start(?MODULE, {state, 1}, []),
    A = sys:get_state(P),
    B = sys:replace_state(P, fun({state, N}) -> {state, N * 10} end),
    C = gen_server:call(P, get),
    ok = sys:suspend(P),
    gen_server:cast(P, {set, suspended_cast}),
    D = sys:get_state(P),
    ok = sys:resume(P),
    E = gen_server:call(P, get),
    ok = sys:log(P, true),
    gen_server:cast(P, {set, logged}),
    {ok, Log} = sys:log(P, get),
    ok = sys:log(P, false),
    ok = gen_server:stop(P),
    {A, B, C, D, E, Log}.
