-module(file_owner).
-export([main/0]).
%% beamwasm-run-flags: --allow-cmd
%% Open files belong to the process that opened them: an io server ends with its owner, a raw
%% file is refused to other processes, and the files of processes that ended are closed (more
%% opens than the process may hold files at once, read from `ulimit -n`, all succeed).
main() ->
    Dir = "tmp_" ++ atom_to_list(?MODULE) ++ "_" ++ os:getpid(),
    ok = file:make_dir(Dir),
    try run(Dir) after file:del_dir_r(Dir) end.

run(Dir) ->
    F = filename:join(Dir, "f"),
    ok = file:write_file(F, "data"),
    Self = self(),
    Opened = fun(Modes) ->
        {P, M} = spawn_monitor(fun() -> {ok, Fd} = file:open(F, Modes), Self ! {fd, Fd} end),
        Fd = receive {fd, X} -> X end,
        receive {'DOWN', M, process, P, _} -> Fd end
    end,
    Server = Opened([read]),
    MFd = monitor(process, Server),
    receive {'DOWN', MFd, process, Server, _} -> ok end,
    AfterOwner = file:read(Server, 1),
    Raw = Opened([read, raw]),
    Other = try file:read(Raw, 1) catch C:R -> {C, R} end,
    Limit = min(50000, list_to_integer(string:trim(os:cmd("ulimit -n")))),
    Many = lists:foldl(
             fun(_, N) ->
                     {Pid, Ref} = spawn_monitor(fun() -> {ok, _} = file:open(F, [read, raw]) end),
                     receive {'DOWN', Ref, process, Pid, normal} -> N + 1 end
             end, 0, lists:seq(1, Limit + 100)),
    {ok, Last} = file:open(F, [read, raw, binary]),
    LastRead = file:read(Last, 4),
    {ok, Named} = file:open(F, [read]),
    {ok, Name} = file:pid2name(Named),
    {AfterOwner, Other, Many - Limit, LastRead, filename:basename(Name)}.
