%% gen_server start variants: {local, Name}, already_started, init returning ignore and
%% {stop, Reason}, start_link's init crash, stop with a reason, terminate called with trap_exit.
-module(otp_gen_server_lifecycle).
-behaviour(gen_server).
-export([main/0, init/1, handle_call/3, handle_cast/2, terminate/2]).
init(ignore) -> ignore;
init(stop) -> {stop, no_way};
init({ok, Parent}) -> process_flag(trap_exit, true), {ok, Parent}.
handle_call(whoami, _From, P) -> {reply, process_info(self(), registered_name), P};
handle_call({stop, R}, _From, P) -> {stop, R, stopping, P}.
handle_cast({stop, R}, P) -> {stop, R, P}.
terminate(Reason, Parent) -> Parent ! {terminate, Reason}, ok.
main() ->
    {ok, P} = gen_server:start({local, lc_server}, ?MODULE, {ok, self()}, []),
    A = gen_server:call(lc_server, whoami),
    B = gen_server:start({local, lc_server}, ?MODULE, {ok, self()}, []),
    C = gen_server:start(?MODULE, ignore, []),
    D = gen_server:start(?MODULE, stop, []),
    E = gen_server:call(P, {stop, normal}),
    F = receive {terminate, R1} -> R1 end,
    {ok, P2} = gen_server:start(?MODULE, {ok, self()}, []),
    Ref = monitor(process, P2),
    gen_server:cast(P2, {stop, shutdown}),
    G = receive {terminate, R2} -> R2 end,
    H = receive {'DOWN', Ref, process, P2, Why} -> Why end,
    I = catch gen_server:call(P2, whoami),
    J = catch gen_server:call(no_such_server, whoami),
    {ok, P3} = gen_server:start(?MODULE, {ok, self()}, []),
    K = gen_server:stop(P3, {shutdown, done}, infinity),
    L = receive {terminate, R3} -> R3 end,
    {A, element(1, B), C, D, E, F, G, H, element(1, element(2, I)), element(2, J), K, L,
     whereis(lc_server), is_pid(element(2, element(2, B)))}.
