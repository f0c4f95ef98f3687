-module(file_open_io).
-export([main/0]).
%% file:open/close/read/write/read_line/position/pread/pwrite, through the file server's io
%% servers and as raw files, in binary and list modes.
main() ->
    Dir = "tmp_" ++ atom_to_list(?MODULE) ++ "_" ++ os:getpid(),
    ok = file:make_dir(Dir),
    try run(Dir) after file:del_dir_r(Dir) end.

run(Dir) ->
    F = filename:join(Dir, "lines.txt"),
    ok = file:write_file(F, <<"one\ntwo\r\nthree\nlast">>),
    [modes(F, Modes) || Modes <- [[read], [read, binary], [read, raw], [read, raw, binary],
                                  [read, binary, read_ahead], [read, raw, {read_ahead, 4}]]]
        ++ [writes(Dir, Modes) || Modes <- [[], [raw], [binary], [raw, binary]]]
        ++ [errors(F)].

modes(F, Modes) ->
    {ok, Fd} = file:open(F, Modes),
    L1 = file:read_line(Fd),
    L2 = file:read_line(Fd),
    C = file:read(Fd, 3),
    L3 = file:read_line(Fd),
    L4 = file:read_line(Fd),
    L5 = file:read_line(Fd),
    P1 = file:position(Fd, bof),
    R1 = file:read(Fd, 5),
    P2 = file:position(Fd, {cur, -2}),
    R2 = file:read(Fd, 2),
    P3 = file:position(Fd, {eof, -4}),
    R3 = file:read(Fd, 100),
    R4 = file:read(Fd, 1),
    PR = file:pread(Fd, 4, 3),
    PRE = file:pread(Fd, 1000, 3),
    PRL = file:pread(Fd, [{0, 3}, {8, 1}, {500, 2}]),
    Neg = file:position(Fd, {bof, -1}),
    W = file:write(Fd, "nope"),
    C1 = file:close(Fd),
    {Modes, L1, L2, C, L3, L4, L5, P1, R1, P2, R2, P3, R3, R4, PR, PRE, PRL, Neg, W, C1}.

writes(Dir, Extra) ->
    F = filename:join(Dir, "w.txt"),
    {ok, Fd} = file:open(F, [write | Extra]),
    W1 = file:write(Fd, "abcdef"),
    W2 = file:write(Fd, [<<"gh">>, $i]),
    PW = file:pwrite(Fd, 1, "XY"),
    P = file:position(Fd, cur),
    W3 = file:write(Fd, "j"),
    PWL = file:pwrite(Fd, [{0, "0"}, {12, "end"}]),
    R = file:read(Fd, 1),
    ok = file:close(Fd),
    Contents = file:read_file(F),
    {ok, Ad} = file:open(F, [append | Extra]),
    A1 = file:write(Ad, "++"),
    ok = file:close(Ad),
    Appended = file:read_file(F),
    {ok, Rw} = file:open(F, [read, write | Extra]),
    RW1 = file:read(Rw, 2),
    RW2 = file:write(Rw, "__"),
    RW3 = file:position(Rw, 3),
    T = file:truncate(Rw),
    ok = file:close(Rw),
    Truncated = file:read_file(F),
    Excl = file:open(F, [write, exclusive | Extra]),
    ok = file:delete(F),
    {Extra, W1, W2, PW, P, W3, PWL, R, Contents, A1, Appended, RW1, RW2, RW3, T, Truncated,
     Excl}.

errors(F) ->
    {ok, Fd} = file:open(F, [read, raw]),
    ok = file:close(Fd),
    Closed = {file:read(Fd, 1), file:close(Fd), file:position(Fd, 0)},
    {ok, Pid} = file:open(F, [read]),
    ok = file:close(Pid),
    ClosedPid = {file:read(Pid, 1), file:close(Pid)},
    Missing = file:open(F ++ ".missing", [read]),
    MissingRaw = file:open(F ++ ".missing", [read, raw]),
    Dir = file:open(filename:dirname(F), [read]),
    {Closed, ClosedPid, Missing, MissingRaw, Dir}.
