%% Hot code loading as BEAM does it: a module loaded from binaries compiled at run time, a
%% process that stays in old code through local calls and moves to the new code by a remote
%% call, check_process_code/check_old_code, soft_purge refusing and purge killing, delete.
-module(code_hot_load).
-export([main/0]).

source(Version) ->
    V = integer_to_list(Version),
    ["-module(hot).",
     "-export([version/0, start/0, loop/0, apply_version/0]).",
     "version() -> " ++ V ++ ".",
     "apply_version() -> F = fun() -> version() end, F.",
     "start() -> spawn(fun loop/0).",
     "loop() -> receive {From, local} -> From ! {self(), version()}, loop();"
     " {From, remote} -> From ! {self(), version()}, hot:loop();"
     " {From, wait} -> From ! {self(), waiting}, receive go -> loop() end;"
     " stop -> ok end."].

binary(Version) ->
    Forms = [begin
                 {ok, Tokens, _} = erl_scan:string(Text),
                 {ok, Form} = erl_parse:parse_form(Tokens),
                 Form
             end || Text <- source(Version)],
    {ok, hot, Bin} = compile:forms(Forms, [binary]),
    Bin.

ask(P, What) ->
    P ! {self(), What},
    receive {P, Answer} -> Answer after 5000 -> timeout end.

main() ->
    B1 = binary(1), B2 = binary(2), B3 = binary(3),
    Before = {code:is_loaded(hot), erlang:module_loaded(hot), erlang:check_old_code(hot)},
    L1 = code:load_binary(hot, "hot.erl", B1),
    V1 = {hot:version(), code:is_loaded(hot), erlang:check_old_code(hot)},
    P = hot:start(),
    OldFun = hot:apply_version(),
    A1 = ask(P, local),
    L2 = code:load_binary(hot, "hot.erl", B2),
    V2 = {hot:version(), erlang:check_old_code(hot), erlang:check_process_code(P, hot),
          erlang:check_process_code(self(), hot), OldFun()},
    A2 = ask(P, local),
    A3 = ask(P, remote),
    A4 = ask(P, local),
    Moved = erlang:check_process_code(P, hot),
    %% Loading over old code: load_module refuses, load_binary purges first.
    NotPurged = erlang:load_module(hot, B3),
    Q = hot:start(),
    waiting = ask(Q, wait),
    L3 = code:load_binary(hot, "hot.erl", B3),
    V3 = {hot:version(), erlang:check_process_code(Q, hot), erlang:check_process_code(P, hot)},
    Soft = code:soft_purge(hot),
    Ref = monitor(process, Q),
    Purge = code:purge(hot),
    Down = receive {'DOWN', Ref, process, Q, Why} -> Why after 5000 -> timeout end,
    After = {erlang:check_old_code(hot), code:soft_purge(hot), code:purge(hot), is_process_alive(P)},
    Deleted = {code:delete(hot), code:delete(hot), erlang:module_loaded(hot), code:is_loaded(hot),
               erlang:check_old_code(hot), lists:member(hot, erlang:loaded())},
    Undef = try hot:version() catch error:undef -> undef end,
    PurgedAgain = {code:purge(hot), erlang:check_old_code(hot), code:delete(hot)},
    Reload = {code:load_binary(hot, "hot.erl", B1), hot:version(), erlang:delete_module(hot),
              raised(fun() -> erlang:delete_module(hot) end),
              erlang:delete_module(no_such_module_here)},
    P ! stop,
    BadFile = {erlang:load_module(hot2, <<"not a beam">>), erlang:load_module(other, B1),
               raised(fun() -> erlang:load_module("hot", B1) end),
               raised(fun() -> erlang:load_module(hot, nope) end),
               raised(fun() -> code:load_binary(hot, {bad}, B1) end),
               code:load_binary(hot, [1000000000], B1),
               raised(fun() -> code:load_binary("hot", "hot.erl", B1) end),
               raised(fun() -> erlang:check_process_code(self(), "hot") end),
               raised(fun() -> erlang:check_process_code(P, hot, [bad]) end),
               erlang:check_process_code(P, hot, [{allow_gc, false}]),
               raised(fun() -> erlang:check_old_code(1) end),
               raised(fun() -> code:purge("hot") end)},
    {Before, L1, V1, A1, L2, V2, A2, A3, A4, Moved, NotPurged, L3, V3, Soft, Purge, Down,
     After, Deleted, Undef, PurgedAgain, Reload, BadFile}.

%% The class and reason of what F raises (stack traces differ between implementations).
raised(F) ->
    try F() catch Class:Reason -> {Class, Reason} end.
