-module(file_paths).
-export([main/0]).
%% How names resolve: trailing slashes (the OS insists on a directory), `.` and `..`,
%% absolute names, the empty name, and names through symbolic links.
main() ->
    Dir = "tmp_" ++ atom_to_list(?MODULE) ++ "_" ++ os:getpid(),
    ok = file:make_dir(Dir),
    try run(Dir) after file:del_dir_r(Dir) end.

run(Dir) ->
    P = fun(Name) -> Dir ++ "/" ++ Name end,
    ok = file:make_dir(P("d")),
    ok = file:write_file(P("f"), "x"),
    ok = file:make_symlink("d", P("dlink")),
    {ok, Cwd} = file:get_cwd(),
    Slashes = [file:read_file(P("f/")), file:read_file_info(P("f/")), file:open(P("f/"), [read]),
               file:write_file(P("new/"), "x"), file:make_dir(P("d2/")), file:del_dir(P("d2/")),
               file:list_dir(P("d/")), file:delete(P("f/")), file:rename(P("f/"), P("g")),
               element(1, file:read_file_info(P("d/"))), file:make_dir(P("d/")),
               file:read_file(Dir ++ "/"), file:delete(P("dlink/")), file:del_dir(P("dlink/"))],
    Dots = [file:read_file(P("./f")), file:read_file(P("d/../f")), file:read_file(P("d/./../f")),
            file:read_file(P("nope/../f")), file:list_dir(P("dlink/..")),
            file:read_file(filename:join([Cwd, Dir, "f"])), file:read_file(""),
            file:write_file(P("dlink/via_link"), "v"), file:read_file(P("d/via_link")),
            element(1, file:read_link_info(P("dlink/")))],
    Cleanup = [file:delete(P("dlink")), file:list_dir(P("d"))],
    {Slashes, [case R of {ok, L} when is_list(L) -> {ok, lists:sort(L)}; _ -> R end || R <- Dots],
     Cleanup}.
