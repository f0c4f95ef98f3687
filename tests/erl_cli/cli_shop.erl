%% An OTP application for `beamwasm run --app cli_shop`, compared with erl: a supervisor
%% (one_for_one, at most 2 restarts in 10 s) over a counter (gen_server), a door (gen_statem)
%% and a flaky worker (gen_server) that crashes on request. A driver outside the tree drives
%% them, crashes the flaky worker past the restart intensity (crash and supervisor reports),
%% sees the application end, and stops the system.
-module(cli_shop).
-behaviour(application).
-behaviour(supervisor).
-export([start/2, stop/1, init/1, driver/1]).
-export([counter_init/1, flaky_init/1]).

start(normal, []) ->
    ok = logger:update_formatter_config(default, #{template => [level, ": ", msg, "\n"],
                                                    single_line => true}),
    {ok, Sup} = supervisor:start_link({local, cli_shop_sup}, ?MODULE, []),
    Driver = spawn(?MODULE, driver, [Sup]),
    group_leader(whereis(user), Driver),
    {ok, Sup}.

stop(_) ->
    io:format("cli_shop stopping~n").

init([]) ->
    Children = [#{id => counter, start => {cli_shop_counter, start_link, []}},
                #{id => door, start => {cli_shop_door, start_link, []}},
                #{id => flaky, start => {cli_shop_flaky, start_link, []}}],
    {ok, {#{strategy => one_for_one, intensity => 2, period => 10}, Children}}.

counter_init(N) -> {ok, N}.
flaky_init(N) -> {ok, N}.

driver(Sup) ->
    Ref = monitor(process, Sup),
    [gen_server:cast(cli_shop_counter, {add, K}) || K <- [1, 2, 3]],
    io:format("counter ~p, app ~p~n", [gen_server:call(cli_shop_counter, get),
                                       gen_server:call(cli_shop_counter, app)]),
    Door = [gen_statem:call(cli_shop_door, E) || E <- [push, {code, 1}, {code, 1234}, push,
                                                        close, push]],
    io:format("door ~p~n", [Door]),
    Crash = fun() ->
                    R = (catch gen_server:call(cli_shop_flaky, boom)),
                    io:format("flaky call: ~p~n", [element(1, element(2, R))]),
                    wait_registered(cli_shop_flaky, 50)
            end,
    Crash(),
    io:format("children ~p~n", [[{Id, is_pid(P)} || {Id, P, _, _} <- supervisor:which_children(Sup)]]),
    Crash(),
    Crash(),
    %% Past the intensity the supervisor gives up and the application ends: `beamwasm run
    %% --app` ends with it, erl when this stops the system.
    receive {'DOWN', Ref, process, Sup, _} -> ok end,
    wait_gone(cli_shop),
    init:stop(0).

wait_gone(App) ->
    case lists:keymember(App, 1, application:which_applications()) of
        true -> receive after 10 -> wait_gone(App) end;
        false -> ok
    end.

wait_registered(_Name, 0) -> gone;
wait_registered(Name, N) ->
    case whereis(Name) of
        undefined -> receive after 10 -> wait_registered(Name, N - 1) end;
        _ -> ok
    end.
