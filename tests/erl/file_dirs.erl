-module(file_dirs).
-export([main/0]).
%% Directories: make_dir, list_dir, del_dir, del_dir_r, delete, rename, and their errors.
main() ->
    Dir = "tmp_" ++ atom_to_list(?MODULE) ++ "_" ++ os:getpid(),
    ok = file:make_dir(Dir),
    try run(Dir) after file:del_dir_r(Dir) end.

run(Dir) ->
    P = fun(Parts) -> filename:join([Dir | Parts]) end,
    M1 = file:make_dir(P(["a"])),
    M2 = file:make_dir(P(["a"])),
    M3 = file:make_dir(P(["x", "y"])),
    ok = file:write_file(P(["a", "f1"]), "1"),
    ok = file:write_file(P(["a", "f2"]), "22"),
    ok = file:make_dir(P(["a", "sub"])),
    ok = file:write_file(P(["a", "sub", "deep"]), "3"),
    {ok, L1} = file:list_dir(P(["a"])),
    LMissing = file:list_dir(P(["nope"])),
    LFile = file:list_dir(P(["a", "f1"])),
    MFile = file:make_dir(P(["a", "f1", "z"])),
    DNonEmpty = file:del_dir(P(["a"])),
    DFile = file:del_dir(P(["a", "f1"])),
    DMissing = file:del_dir(P(["nope"])),
    DelDir = file:delete(P(["a", "sub"])),
    DelMissing = file:delete(P(["a", "nope"])),
    Rn1 = file:rename(P(["a", "f1"]), P(["a", "renamed"])),
    Rn2 = file:rename(P(["a", "f1"]), P(["a", "again"])),
    Rn3 = file:rename(P(["a", "sub"]), P(["a", "f2"])),
    Rn4 = file:rename(P(["a", "f2"]), P(["a", "sub"])),
    Rn5 = file:rename(P(["a", "sub"]), P(["moved"])),
    {ok, L2} = file:list_dir(P(["a"])),
    {ok, L3} = file:list_dir(P(["moved"])),
    Del = file:delete(P(["a", "f2"])),
    DR = file:del_dir_r(P(["moved"])),
    DRMissing = file:del_dir_r(P(["moved"])),
    DRFile = file:del_dir_r(P(["a", "renamed"])),
    {ok, L4} = file:list_dir(Dir),
    All = file:list_dir_all(P(["a"])),
    {M1, M2, M3, lists:sort(L1), LMissing, LFile, MFile, DNonEmpty, DFile, DMissing, DelDir,
     DelMissing, Rn1, Rn2, Rn3, Rn4, Rn5, lists:sort(L2), L3, Del, DR, DRMissing, DRFile,
     lists:sort(L4), All}.
