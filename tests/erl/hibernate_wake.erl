%% erlang:hibernate/3: the stack is dropped (a catch around it catches nothing after the
%% wake-up, a return ends the process), the process sleeps until a message arrives (one already
%% queued wakes it at once) and process_info says so; bad arguments raise in the caller;
%% gen_server's hibernate and sys's status, suspend, resume, replace_state and statistics.
-module(hibernate_wake).
-behaviour(gen_server).
-export([main/0, wake/1, wake_crash/0, init/1, handle_call/3, handle_cast/2, handle_info/2,
         format_status/2]).

wake(Parent) ->
    receive Msg -> Parent ! {woke, self(), Msg} end,
    done.

wake_crash() ->
    receive _ -> erlang:error(after_wake) end.

sleeper(Parent) ->
    Caught = (catch erlang:hibernate(?MODULE, wake, [Parent])),
    Parent ! {returned, Caught}.

init(N) -> {ok, N}.
handle_call(hib, _From, N) -> {reply, ok, N + 1, hibernate};
handle_call(get, _From, N) -> {reply, N, N}.
handle_cast({add, K}, N) -> {noreply, N + K, hibernate}.
handle_info(_, N) -> {noreply, N}.
format_status(_Opt, [_PDict, State]) -> [{data, [{"State", {counter, State}}]}].

main() ->
    Self = self(),
    P = spawn(fun() -> sleeper(Self) end),
    Ref = monitor(process, P),
    receive after 50 -> ok end,
    Asleep = erlang:process_info(P, [status, current_function, current_stacktrace,
                                     message_queue_len]),
    P ! hello,
    Woke = receive {woke, P, M} -> M after 5000 -> timeout end,
    Down = receive {'DOWN', Ref, process, P, R} -> R after 5000 -> timeout end,
    Returned = receive {returned, _} = Ret -> Ret after 100 -> none end,
    %% A message already there: it wakes at once.
    Q = spawn(fun() -> self() ! early, erlang:hibernate(?MODULE, wake, [Self]) end),
    Early = receive {woke, Q, E} -> E after 5000 -> timeout end,
    %% An error after the wake-up is not caught by the catch around hibernate.
    {C, CRef} = spawn_monitor(fun() -> catch erlang:hibernate(?MODULE, wake_crash, []) end),
    receive after 20 -> ok end,
    C ! go,
    Crash = receive {'DOWN', CRef, process, C, {Reason, _Stack}} -> Reason
            after 5000 -> timeout end,
    Bad = [try erlang:hibernate(M, F, A) catch Class:Why -> {Class, Why} end
           || {M, F, A} <- [{1, f, []}, {?MODULE, 2, []}, {?MODULE, wake, [a | b]}]],
    {ok, S} = gen_server:start_link(?MODULE, 41, []),
    ok = gen_server:call(S, hib),
    Hib = erlang:process_info(S, current_function),
    N = gen_server:call(S, get),
    gen_server:cast(S, {add, 10}),
    {status, S, {module, gen_server}, [PDict, Status, Parent, _Dbg, Misc]} = sys:get_status(S),
    ok = sys:suspend(S),
    Suspended = element(4, sys:get_status(S)),
    gen_server:cast(S, {add, 100}),
    State1 = sys:get_state(S),
    ok = sys:resume(S),
    Replaced = sys:replace_state(S, fun(X) -> X * 2 end),
    ok = sys:statistics(S, true),
    _ = gen_server:call(S, get),
    {ok, Stats} = sys:statistics(S, get),
    StatKeys = [K || {K, _} <- Stats],
    {Asleep, Woke, Down, Returned, Early, Crash, Bad, Hib, N, is_list(PDict), Status,
     Parent =:= Self, lists:last(Misc), lists:nth(2, Suspended), State1, Replaced, sys:get_state(S),
     StatKeys}.
