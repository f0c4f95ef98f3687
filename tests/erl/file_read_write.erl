-module(file_read_write).
-export([main/0]).
%% file:read_file/write_file with modes, on real files in a directory of its own under the
%% current one (named with the OS pid, never printed), removed at the end.
main() ->
    Dir = "tmp_" ++ atom_to_list(?MODULE) ++ "_" ++ os:getpid(),
    ok = file:make_dir(Dir),
    try run(Dir) after file:del_dir_r(Dir) end.

run(Dir) ->
    F = filename:join(Dir, "a.txt"),
    W1 = file:write_file(F, <<"hello">>),
    R1 = file:read_file(F),
    W2 = file:write_file(F, [" ", <<"world">>, $!], [append]),
    R2 = file:read_file(F),
    W3 = file:write_file(F, "over", [write]),
    R3 = file:read_file(F),
    W4 = file:write_file(F, "x", [exclusive]),
    W5 = file:write_file(filename:join(Dir, "b.txt"), "new", [exclusive]),
    R5 = file:read_file(filename:join(Dir, "b.txt")),
    Missing = file:read_file(filename:join(Dir, "missing")),
    IsDir = file:read_file(Dir),
    WriteDir = file:write_file(Dir, "x"),
    NoParent = file:write_file(filename:join([Dir, "no", "such"]), "x"),
    Big = list_to_binary([integer_to_list(I) || I <- lists:seq(1, 20000)]),
    ok = file:write_file(filename:join(Dir, "big"), Big),
    {ok, Big2} = file:read_file(filename:join(Dir, "big")),
    Atom = file:write_file(list_to_atom(filename:join(Dir, "atom")), <<"by atom">>),
    RAtom = file:read_file(list_to_atom(filename:join(Dir, "atom"))),
    BinName = file:read_file(list_to_binary(filename:join(Dir, "atom"))),
    Deep = file:read_file([Dir, "/", ["at", "om"]]),
    Bad = file:write_file(F, {not_iodata}),
    BadName = (catch file:read_file(123)),
    {W1, R1, W2, R2, W3, R3, W4, W5, R5, Missing, IsDir, WriteDir, NoParent,
     byte_size(Big2), Big2 =:= Big, Atom, RAtom, BinName, Deep, Bad, BadName}.
