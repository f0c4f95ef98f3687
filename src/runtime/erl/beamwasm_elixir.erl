%% How `beamwasm run prog.ex` runs an Elixir program's function: as `elixir` does, an uncaught
%% exception is printed on standard error the way Elixir prints it (`Exception.format/3`:
%% `** (RuntimeError) boom` and the stack trace), then raised again so that the run ends in it.
-module(beamwasm_elixir).
-export([main/2]).

main(Module, Function) ->
    try
        Module:Function()
    catch
        Class:Reason:Stack ->
            %% This module's own frame is beamwasm's, not the program's.
            Trace = [Frame || Frame <- Stack, element(1, Frame) =/= ?MODULE],
            beamwasm:put_error_bytes('Elixir.Exception':format(Class, Reason, Trace)),
            erlang:raise(Class, Reason, Stack)
    end.
