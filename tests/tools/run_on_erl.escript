#!/usr/bin/env escript
%%! -noshell
%% The oracle of the differential tests: runs NAME:main() on real Erlang.
%%
%% Usage: run_on_erl.escript BEAM_DIR MODULE...
%%
%% Loads every MODULE from BEAM_DIR and prints exactly one line per module, in the
%% order given, fields separated by a single TAB:
%%
%%   MODULE<TAB>ok<TAB>TEXT               main() returned; TEXT is io_lib:format("~w", [Result])
%%   MODULE<TAB>error<TAB>CLASS:REASON    main() raised; CLASS is error|exit|throw, REASON is ~w
%%
%% TEXT is byte-identical to what `io:format("~w~n", [Result])` prints (minus the newline).
%% Each main() runs in a fresh process so one program's heap or process dictionary cannot
%% affect the next; the process has the default (growable) stack, so 1,000,000-deep
%% recursion is fine. Exit status is 0 when every line was printed, 1 on a usage or load error.
-mode(compile).

main([Dir | Mods]) when Mods =/= [] ->
    true = code:add_patha(Dir),
    %% Crash reports of spawned processes would interleave with the result lines.
    ok = logger:set_primary_config(level, none),
    lists:foreach(fun(M) -> io:put_chars([M, $\t, run(list_to_atom(M)), $\n]) end, Mods);
main(_) ->
    io:put_chars(standard_error, "usage: run_on_erl.escript BEAM_DIR MODULE...\n"),
    halt(1).

run(Mod) ->
    case code:load_file(Mod) of
        {module, Mod} -> ok;
        {error, Why} ->
            io:format(standard_error, "run_on_erl: cannot load ~w: ~w~n", [Mod, Why]),
            halt(1)
    end,
    Parent = self(),
    {Pid, Ref} = spawn_monitor(fun() -> Parent ! {self(), call(Mod)} end),
    receive
        {Pid, Line} ->
            receive {'DOWN', Ref, process, Pid, _} -> ok end,
            Line;
        {'DOWN', Ref, process, Pid, Why2} ->
            io_lib:format("error\tprocess_died:~w", [Why2])
    end.

call(Mod) ->
    try Mod:main() of
        R -> ["ok\t", io_lib:format("~w", [R])]
    catch
        Class:Reason -> ["error\t", io_lib:format("~w:~w", [Class, Reason])]
    end.
