%% How `beamwasm run prog.ex` runs an Elixir program's function: as `elixir` does, an uncaught
%% exception is printed on standard error the way the `elixir` command prints it
%% (`Kernel.CLI.format_error/3`: `** (RuntimeError) boom` and the stack trace), then raised
%% again so that the run ends in it. When Elixir cannot make its report, nothing is printed
%% here and beamwasm reports the exception in its own terms.
-module(beamwasm_elixir).
-export([main/2]).

main(Module, Function) ->
    %% The `elixir` command's standard output is binary and unicode.
    ok = io:setopts(standard_io, [binary, {encoding, unicode}]),
    try
        Module:Function()
    catch
        Class:Reason:Stack ->
            %% This module's own frame is beamwasm's, not the program's.
            Trace = [Frame || Frame <- Stack, element(1, Frame) =/= ?MODULE],
            try 'Elixir.Kernel.CLI':format_error(Class, Reason, Trace) of
                Report -> beamwasm:put_error_bytes(iolist_to_binary(Report))
            catch
                _:_ -> ok
            end,
            erlang:raise(Class, Reason, Stack)
    end.
