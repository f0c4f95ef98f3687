%% gen_server: call timeouts (the late reply never arrives), {noreply, S, Timeout} timeout
%% info, handle_continue, gen_server:reply from another process.
-module(otp_gen_server_timeouts).
-behaviour(gen_server).
-export([main/0, init/1, handle_call/3, handle_cast/2, handle_info/2, handle_continue/2]).
init(Log) -> {ok, Log, {continue, boot}}.
handle_continue(boot, Log) -> {noreply, [continued | Log]}.
handle_call(slow, _From, Log) -> {noreply, [slow | Log]};
handle_call(later, From, Log) ->
    spawn(fun() -> gen_server:reply(From, {replied_by_helper, self() =/= From}) end),
    {noreply, Log};
handle_call(arm, _From, Log) -> {reply, armed, Log, 0};
handle_call(log, _From, Log) -> {reply, lists:reverse(Log), Log}.
handle_cast(_, Log) -> {noreply, Log}.
handle_info(timeout, Log) -> {noreply, [timeout | Log]};
handle_info(Other, Log) -> {noreply, [{info, Other} | Log]}.
main() ->
    {ok, P} = gen_server:start(?MODULE, [], []),
    A = catch gen_server:call(P, slow, 0),
    B = gen_server:call(P, later),
    D = gen_server:call(P, arm),
    E = gen_server:call(P, log),
    P ! hi,
    F = gen_server:call(P, log),
    ok = gen_server:stop(P),
    Late = receive X -> X after 0 -> none end,
    {element(1, element(2, A)), B, D, E, F, Late}.
