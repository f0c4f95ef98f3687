-module(file_copy_consult).
-export([main/0]).
%% file:copy (whole, by count, between open files), consult, path_consult, eval and script,
%% and terms written with io:format to a file.
main() ->
    Dir = "tmp_" ++ atom_to_list(?MODULE) ++ "_" ++ os:getpid(),
    ok = file:make_dir(Dir),
    try run(Dir) after file:del_dir_r(Dir) end.

run(Dir) ->
    P = fun(Name) -> filename:join(Dir, Name) end,
    ok = file:write_file(P("src"), lists:duplicate(1000, $a)),
    C1 = file:copy(P("src"), P("dst")),
    R1 = file:read_file_info(P("dst")),
    C2 = file:copy(P("src"), P("part"), 10),
    R2 = file:read_file(P("part")),
    C3 = file:copy(P("missing"), P("x")),
    {ok, In} = file:open(P("src"), [read, binary]),
    {ok, Out} = file:open(P("out"), [write, binary]),
    C4 = file:copy(In, Out, 5),
    ok = file:close(In),
    ok = file:close(Out),
    R4 = file:read_file(P("out")),
    Terms = [{a, 1}, "string", [1, 2, 3], #{k => v}, {nested, {t, [x]}}, 3.5, <<"bin">>],
    {ok, Fd} = file:open(P("terms"), [write]),
    [io:format(Fd, "~p.~n", [T]) || T <- Terms],
    ok = file:close(Fd),
    Consult = file:consult(P("terms")),
    ok = file:write_file(P("bad"), "{unclosed, .\n"),
    Bad = file:consult(P("bad")),
    CMissing = file:consult(P("nope")),
    PC = file:path_consult(["nowhere", Dir], "terms"),
    PCMissing = file:path_consult([Dir], "nope"),
    ok = file:write_file(P("script"), "X = 6, Y = 7, X * Y.\n"),
    Script = file:script(P("script")),
    ScriptB = file:script(P("script"), [{'Z', 1}]),
    ok = file:write_file(P("eval"), "put(evaluated, yes).\n"),
    Eval = file:eval(P("eval")),
    {C1, element(2, R1) =/= undefined, C2, R2, C3, C4, R4, Consult, element(1, Bad), CMissing,
     setelement(3, PC, filename:basename(element(3, PC))), PCMissing, Script, ScriptB, Eval,
     get(evaluated)}.
