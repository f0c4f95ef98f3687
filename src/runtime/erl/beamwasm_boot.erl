%% What erl's boot script starts that a program talks to, for programs that use applications:
%% OTP's own application controller (compiled from OTP like any module) with kernel and
%% stdlib started, as `erl -noshell` has them. The kernel application is kernel.app as OTP
%% ships it, with this module as its callback in place of `kernel`: its supervisor starts none
%% of the services of a distributed node (code, file and name servers, net_kernel, ...) that
%% beamwasm provides otherwise or not at all.
%%
%% `beamwasm run` calls main/2 (boot, then the program's function, in this process, as init's
%% `-s` does) or app/1 (`--app NAME`: start NAME and what it needs, then run until it stops).
-module(beamwasm_boot).
-export([main/2, app/1]).
%% The kernel application's callbacks.
-export([start/2, stop/1, init/1]).

main(Module, Function) ->
    boot(),
    Module:Function().

app(Name) ->
    boot(),
    case application:ensure_all_started(Name) of
        {ok, _} ->
            %% Until the application stops (its master ends), or something halts the run.
            case application_controller:get_master(Name) of
                Master when is_pid(Master) ->
                    Ref = monitor(process, Master),
                    receive {'DOWN', Ref, process, Master, _} -> ok end,
                    %% The controller has seen it end (a call after the master's exit signal)
                    %% and logged so, and the default handler has printed that.
                    _ = application:which_applications(),
                    _ = (catch logger_std_h:filesync(default)),
                    ok;
                undefined ->
                    ok
            end;
        {error, Reason} ->
            exit({Name, Reason})
    end.

boot() ->
    %% As the boot script, the logger's server first: every report goes through it.
    {ok, _} = logger_server:start_link(),
    {application, kernel, Keys} = app_spec(kernel),
    Kernel = {application, kernel, lists:keystore(mod, 1, Keys, {mod, {?MODULE, []}})},
    case application_controller:start(Kernel) of
        {ok, _} ->
            ok = application:start(kernel, permanent),
            ok = application:start(stdlib, permanent);
        Reason ->
            %% As init reports a kernel process that does not start (its text is a string).
            erlang:display({"could not start kernel pid", application_controller, Reason}),
            halt("could not start kernel pid (application_controller) (" ++ Reason ++ ")")
    end.

%% An application's resource file, read as init reads the boot script's (not through the
%% file server, which the kernel application starts).
app_spec(Name) ->
    File = code:where_is_file(atom_to_list(Name) ++ ".app"),
    {ok, Bin, _} = erl_prim_loader:get_file(File),
    {ok, Tokens, _} = erl_scan:string(unicode:characters_to_list(Bin)),
    {ok, Spec} = erl_parse:parse_term(Tokens),
    Spec.

%% As kernel:start/2 does: the logger's configuration from the kernel environment, the
%% supervisor, then the logger's handlers (the default one, logger_std_h on standard_io).
start(normal, []) ->
    ok = logger:internal_init_logger(),
    case supervisor:start_link({local, kernel_sup}, ?MODULE, kernel_sup) of
        {ok, Pid} ->
            ok = logger:add_handlers(kernel),
            {ok, Pid, []};
        Error ->
            Error
    end.

stop(_State) ->
    ok.

init(kernel_sup) ->
    LoggerSup = #{id => logger_sup, start => {logger_sup, start_link, []},
                  type => supervisor, shutdown => infinity},
    %% `global` on one node (its name registry works without distribution, as on erl).
    Global = #{id => global_name_server, start => {global, start_link, []},
               shutdown => 2000},
    {ok, {#{strategy => one_for_all, intensity => 0, period => 1}, [LoggerSup, Global]}}.
