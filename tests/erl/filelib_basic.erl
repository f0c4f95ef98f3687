-module(filelib_basic).
-export([main/0]).
%% filelib: ensure_dir, is_dir, is_file, is_regular, file_size, wildcard, fold_files.
main() ->
    Dir = "tmp_" ++ atom_to_list(?MODULE) ++ "_" ++ os:getpid(),
    ok = file:make_dir(Dir),
    try run(Dir) after file:del_dir_r(Dir) end.

run(Dir) ->
    P = fun(Parts) -> filename:join([Dir | Parts]) end,
    E1 = filelib:ensure_dir(P(["a", "b", "c", "file"])),
    E2 = filelib:ensure_dir(P(["a", "b", "c", "file"])),
    E3 = filelib:ensure_path(P(["p", "q"])),
    [ok = file:write_file(P(Parts), Body)
     || {Parts, Body} <- [{["a", "one.erl"], "1"}, {["a", "two.erl"], "22"},
                          {["a", "b", "three.txt"], "333"}, {["a", "b", "c", "four.erl"], "4444"},
                          {["top.erl"], ""}]],
    Checks = [{filelib:is_dir(X), filelib:is_file(X), filelib:is_regular(X), filelib:file_size(X)}
              || X <- [P(["a"]), P(["a", "one.erl"]), P(["nope"])]],
    W1 = filelib:wildcard(P(["a", "*.erl"])),
    W2 = filelib:wildcard(P(["a", "**", "*.erl"])),
    W3 = filelib:wildcard("*.erl", P(["a"])),
    W4 = filelib:wildcard(P(["a", "{one,two}.*"])),
    W5 = filelib:wildcard(P(["a", "?wo.erl"])),
    W6 = filelib:wildcard(P(["*", "b", "*"])),
    W7 = filelib:wildcard(P(["zzz*"])),
    F1 = filelib:fold_files(Dir, "\\.erl$", true, fun(F, Acc) -> [F | Acc] end, []),
    F2 = filelib:fold_files(P(["a"]), ".*", false, fun(F, Acc) -> [F | Acc] end, []),
    Strip = fun(L) -> lists:sort([string:prefix(F, Dir ++ "/") || F <- L]) end,
    ENotDir = filelib:ensure_dir(P(["a", "one.erl", "x", "y"])),
    {E1, E2, E3, Checks, Strip(W1), Strip(W2), W3, Strip(W4), Strip(W5), Strip(W6), W7,
     Strip(F1), Strip(F2), ENotDir}.
