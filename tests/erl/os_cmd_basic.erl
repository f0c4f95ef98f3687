-module(os_cmd_basic).
-export([main/0]).
%% beamwasm-run-flags: --allow-cmd
%% os:cmd/1,2 (standard error joins standard output; max_size; the working directory) and
%% os:find_executable/2 in a directory of its own.
main() ->
    Dir = "tmp_" ++ atom_to_list(?MODULE) ++ "_" ++ os:getpid(),
    ok = file:make_dir(Dir),
    try run(Dir) after file:del_dir_r(Dir) end.

run(Dir) ->
    Echo = os:cmd("echo hello"),
    Atom = os:cmd('echo atom'),
    Deep = os:cmd(["echo ", ["de", "ep"]]),
    Both = os:cmd("echo out; echo err 1>&2"),
    Status = os:cmd("exit 3"),
    Multi = os:cmd("printf 'a\\nb\\n' | sort -r"),
    Utf8 = os:cmd("printf '\\303\\251t\\303\\251'"),
    Latin = os:cmd("printf '\\351'"),
    Max = os:cmd("echo 0123456789", #{max_size => 4}),
    Inf = os:cmd("echo x", #{max_size => infinity}),
    ok = file:write_file(filename:join(Dir, "data.txt"), "from a file\n"),
    Cat = os:cmd("cat " ++ Dir ++ "/data.txt"),
    Ls = os:cmd("ls " ++ Dir),
    Script = filename:join(Dir, "tool.sh"),
    ok = file:write_file(Script, "#!/bin/sh\necho tool\n"),
    ok = file:change_mode(Script, 8#755),
    {ok, Cwd} = file:get_cwd(),
    Found = os:find_executable("tool.sh", filename:join(Cwd, Dir)),
    NotFound = os:find_executable("no_such_tool", filename:join(Cwd, Dir)),
    Ran = os:cmd(Script),
    Comment = os:cmd("echo before # a comment"),
    {Echo, Atom, Deep, Both, Status, Multi, Utf8, Latin, Max, Inf, Cat, Ls,
     filename:basename(Found), NotFound, Ran, Comment}.
