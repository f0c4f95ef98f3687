%% An application with a supervisor and a worker: the worker prints its environment (the
%% .app file's, or a config file's) and stops the system, as `beamwasm run --app cli_demo`
%% and `erl -eval 'application:ensure_all_started(cli_demo)'` run it.
-module(cli_demo).
-behaviour(application).
-behaviour(supervisor).
-export([start/2, stop/1, init/1, worker/0]).

start(normal, []) ->
    supervisor:start_link({local, cli_demo_sup}, ?MODULE, []).

stop(_) ->
    ok.

init([]) ->
    Worker = #{id => worker, start => {proc_lib, start_link, [?MODULE, worker, []]}},
    {ok, {#{strategy => one_for_one}, [Worker]}}.

worker() ->
    proc_lib:init_ack({ok, self()}),
    {ok, Greeting} = application:get_env(cli_demo, greeting),
    {ok, Rounds} = application:get_env(cli_demo, rounds),
    io:format("~s x~p from ~p~n", [Greeting, Rounds, application:get_key(cli_demo, vsn)]),
    init:stop(3),
    receive after infinity -> ok end.
