%% Run by tests/cli_apps.rs with plain arguments that say what to do: print the command line
%% as init sees it, halt, stop or reboot with a status or a message, or crash in one of the ways
%% erl reports.
-module(cli_init).
-export([main/0]).

main() ->
    case init:get_plain_arguments() of
        ["halt", N] -> halt(list_to_integer(N));
        ["halt2", N] -> halt(list_to_integer(N), [{flush, true}]);
        ["halt_message"] -> halt("goodbye\nfrom cli_init");
        ["stop"] -> io:format("stopping~n"), init:stop(), receive after infinity -> ok end;
        ["stop", N] -> io:format("stopping~n"), init:stop(list_to_integer(N)),
                       receive after infinity -> ok end;
        ["reboot"] -> io:format("rebooting~n"), init:reboot(), receive after infinity -> ok end;
        ["restart_badarg"] -> init:restart([{mode, sideways}]), unreachable;
        ["script_id"] -> io:format("~p~n", [init:script_id()]), halt();
        ["stop_message"] -> init:stop("stopped by cli_init"), receive after infinity -> ok end;
        ["crash", "error"] -> error({bad_file, "h2.erl", [1.5, <<"bin">>, {deep, {er, {than, {four, levels}}}}]});
        ["crash", "throw"] -> throw({not_caught, "a string"});
        ["crash", "exit"] -> exit({shutdown, "a string"});
        ["crash", "badarg"] -> _ = list_to_atom(42), unreachable;
        ["crash", "halt"] -> halt(nonsense), unreachable;
        Plain ->
            io:format("~p~n~p~n~p~n~p~n~p~n",
                      [init:get_arguments(), Plain, init:get_argument(flag),
                       init:get_argument(empty), init:get_argument(absent)]),
            done
    end.
