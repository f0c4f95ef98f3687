-module(file_unicode).
-export([main/0]).
%% Files opened with {encoding, utf8}: io:put_chars/format write UTF-8, io:get_line/get_chars
%% read characters back; the same bytes read raw, and io:read on them.
main() ->
    Dir = "tmp_" ++ atom_to_list(?MODULE) ++ "_" ++ os:getpid(),
    ok = file:make_dir(Dir),
    try run(Dir) after file:del_dir_r(Dir) end.

run(Dir) ->
    F = filename:join(Dir, "text"),
    {ok, W} = file:open(F, [write, {encoding, utf8}]),
    ok = io:put_chars(W, [233, 8364, "abc\n", "line two\n"]),
    ok = io:format(W, "~ts ~p~n", [[955], {x, 1}]),
    ok = file:close(W),
    Raw = file:read_file(F),
    {ok, R} = file:open(F, [read, {encoding, utf8}]),
    L1 = io:get_line(R, ''),
    C = io:get_chars(R, '', 3),
    L2 = io:get_line(R, ''),
    L3 = io:get_line(R, ''),
    L4 = io:get_line(R, ''),
    ok = file:close(R),
    {ok, R2} = file:open(F, [read, binary]),
    B1 = file:read_line(R2),
    Pos = file:position(R2, cur),
    ok = file:close(R2),
    {ok, R3} = file:open(F, [read]),
    T = io:read(R3, ''),
    ok = file:close(R3),
    Name = filename:join(Dir, [955, $., $t]),
    WN = file:write_file(Name, "named"),
    RN = file:read_file(Name),
    {ok, Names} = file:list_dir(Dir),
    {Raw, L1, C, L2, L3, L4, B1, Pos, T, WN, RN, lists:sort(Names)}.
