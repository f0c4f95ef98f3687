%% gen_server:send_request / wait_response / receive_response / check_response, and
%% multi-request collections; aliases keep stale replies out.
-module(otp_gen_server_requests).
-behaviour(gen_server).
-export([main/0, init/1, handle_call/3, handle_cast/2]).
init(N) -> {ok, N}.
handle_call({add, K}, _From, N) -> {reply, N + K, N + K};
handle_call(hold, _From, N) -> {noreply, N}.
handle_cast(_, N) -> {noreply, N}.
main() ->
    {ok, P} = gen_server:start(?MODULE, 1, []),
    R1 = gen_server:send_request(P, {add, 1}),
    A = gen_server:wait_response(R1, infinity),
    R2 = gen_server:send_request(P, {add, 10}),
    B = gen_server:receive_response(R2, 1000),
    R3 = gen_server:send_request(P, hold),
    C = gen_server:wait_response(R3, 0),
    R4 = gen_server:send_request(P, {add, 100}),
    M = receive Msg -> Msg end,
    D = gen_server:check_response(M, R4),
    E = gen_server:check_response(not_a_reply, R4),
    ok = gen_server:stop(P),
    Leftover = receive {'DOWN', _, process, P, Why} -> Why after 0 -> none end,
    {A, B, C, D, E, Leftover}.
