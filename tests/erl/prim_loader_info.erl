%% erl_prim_loader:get_path/0, get_cwd/0,1, read_file_info/1 and read_link_info/1: the
%% loader's path is a list of directories (stdlib's ebin among them), its working directory
%% the program's, a drive's working directory is error on Unix; file information as
%% prim_file gives it (local times) for files and directories, error for missing files and
%% names that are not strings.
-module(prim_loader_info).
-export([main/0]).

main() ->
    {ok, Path} = erl_prim_loader:get_path(),
    Stdlib = filename:dirname(code:which(lists)),
    PathShape = {is_list(Path), lists:all(fun io_lib:printable_unicode_list/1, Path),
                 lists:member(Stdlib, Path)},
    {ok, Cwd} = file:get_cwd(),
    Cwds = {erl_prim_loader:get_cwd() =:= {ok, Cwd}, [erl_prim_loader:get_cwd(D) || D <- ["c:", "/", "", foo]]},
    Names = ["Cargo.toml", "tests", "tests/erl/prim_loader_info.erl", ["tests", "/", "erl"], "./Cargo.toml",
             Cwd ++ "/Cargo.toml", "no_such_file", "tests/no_such_dir/x", "", foo, 'Cargo.toml',
             <<"Cargo.toml">>, 42, [$C | x]],
    Infos = [{info(erl_prim_loader:read_file_info(N)), info(erl_prim_loader:read_link_info(N))} || N <- Names],
    Same = [erl_prim_loader:read_file_info(N) =:= file:read_file_info(N) || N <- ["Cargo.toml", "tests"]],
    {PathShape, Cwds, Infos, Same}.

%% All but the access time, which reading may change (and a directory's times and size, which
%% change as files come and go in it).
info({ok, {file_info, _, directory, Access, _, _, _, Mode, _, Major, Minor, Inode, Uid, Gid}}) ->
    {ok, directory, Access, Mode, Major, Minor, Inode, Uid, Gid};
info({ok, {file_info, Size, Type, Access, _Atime, Mtime, Ctime, Mode, Links, Major, Minor, Inode, Uid, Gid}}) ->
    {ok, Size, Type, Access, Mtime, Ctime, Mode, Links, Major, Minor, Inode, Uid, Gid};
info(Other) ->
    Other.
