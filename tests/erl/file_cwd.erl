-module(file_cwd).
-export([main/0]).
%% file:get_cwd/set_cwd: relative names follow the working directory, and errors.
main() ->
    Dir = "tmp_" ++ atom_to_list(?MODULE) ++ "_" ++ os:getpid(),
    {ok, Home} = file:get_cwd(),
    ok = file:make_dir(Dir),
    try run(Dir, Home) after ok = file:set_cwd(Home), file:del_dir_r(Dir) end.

run(Dir, Home) ->
    ok = file:write_file(filename:join(Dir, "inside"), "in"),
    S1 = file:set_cwd(Dir),
    {ok, Cwd} = file:get_cwd(),
    Here = {filename:basename(Cwd) =:= Dir, filename:dirname(Cwd) =:= Home,
            filename:pathtype(Cwd)},
    R1 = file:read_file("inside"),
    W1 = file:write_file("made_here", "x"),
    L1 = file:list_dir("."),
    Up = file:read_file(filename:join(["..", Dir, "made_here"])),
    S2 = file:set_cwd("missing"),
    S3 = file:set_cwd("inside"),
    S4 = file:set_cwd(<<".">>),
    Abs = filename:absname("rel"),
    S5 = file:set_cwd(Home),
    R2 = file:read_file("inside"),
    R3 = file:read_file(filename:join(Dir, "made_here")),
    {S1, Here, R1, W1, lists:sort(element(2, L1)), Up, S2, S3, S4,
     Abs =:= filename:join([Home, Dir, "rel"]), S5, R2, R3}.
