%% Applications through OTP's application controller: loading one from its resource term,
%% its environment (.app env, get_env/1,2,3, set_env, unset_env, get_all_env), keys, starting
%% (a library application, without a callback module), which_applications. get_all_env is
%% sorted: ets iterates a set table in its own order, not OTP's.
-module(app_env).
-export([main/0]).

spec() ->
    {application, app_env_demo,
     [{description, "a demo"}, {vsn, "1.2.3"}, {modules, [app_env]},
      {registered, []}, {applications, [kernel, stdlib]},
      {env, [{greeting, hello}, {count, 3}]}]}.

main() ->
    Before = application:which_applications(),
    NotLoaded = {application:get_env(app_env_demo, greeting),
                 application:get_key(app_env_demo, vsn)},
    ok = application:load(spec()),
    Again = application:load(spec()),
    Env = {application:get_env(app_env_demo, greeting),
           application:get_env(app_env_demo, missing),
           application:get_env(app_env_demo, missing, fallback),
           lists:sort(application:get_all_env(app_env_demo))},
    ok = application:set_env(app_env_demo, count, 4),
    ok = application:set_env(app_env_demo, added, [1, 2]),
    ok = application:unset_env(app_env_demo, greeting),
    Changed = lists:sort(application:get_all_env(app_env_demo)),
    Keys = [application:get_key(app_env_demo, K)
            || K <- [description, vsn, modules, registered, applications, mod, no_such_key]],
    Module = application:get_application(app_env),
    Started = application:start(app_env_demo),
    Running = [Name || {Name, _, _} <- application:which_applications()],
    Loaded = lists:member(app_env_demo, [N || {N, _, _} <- application:loaded_applications()]),
    {Before, NotLoaded, Again, Env, Changed, Keys, Module, Started, Running, Loaded}.
