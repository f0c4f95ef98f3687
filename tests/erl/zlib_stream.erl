-module(zlib_stream).
-export([main/0]).
-compile(nowarn_deprecated_function).
%% zlib's streaming API: deflate and inflate in pieces with every flush mode, safeInflate,
%% inflateChunk with its buffer size, resets, deflateParams, window bits for raw, zlib, gzip
%% and automatic detection, the end-of-stream behaviours, and the streams' errors.
main() ->
    Text = text(),
    {Deflate, Compressed} = deflate_pieces(Text),
    Inflate = inflate_pieces(Compressed, Text),
    {Deflate, Inflate, flushes(), safe(Text), chunks(Text), resets(Text), params(Text),
     windows(Text), end_of_stream(), checksums(), errors()}.

text() ->
    iolist_to_binary([[integer_to_list(I * I), $,, lists:duplicate(I rem 5, $z), $\n]
                      || I <- lists:seq(1, 3000)]).

deflate_pieces(Text) ->
    Z = zlib:open(),
    ok = zlib:deflateInit(Z, best_compression),
    Pieces = [binary:part(Text, P, min(1000, byte_size(Text) - P))
              || P <- lists:seq(0, byte_size(Text) - 1, 1000)],
    Out = [zlib:deflate(Z, P) || P <- Pieces],
    Last = zlib:deflate(Z, [], finish),
    ok = zlib:deflateEnd(Z),
    ok = zlib:close(Z),
    C = iolist_to_binary([Out, Last]),
    {{length(Pieces), binary:part(C, 0, 2), byte_size(C) < byte_size(Text) div 3},
     C}.

inflate_pieces(C, Text) ->
    Z = zlib:open(),
    ok = zlib:inflateInit(Z),
    Pieces = [binary:part(C, P, min(333, byte_size(C) - P)) || P <- lists:seq(0, byte_size(C) - 1, 333)],
    Out = iolist_to_binary([zlib:inflate(Z, P) || P <- Pieces]),
    ok = zlib:inflateEnd(Z),
    zlib:close(Z),
    {Out =:= Text, byte_size(Out)}.

%% sync and full flushes end on a byte boundary: what came so far inflates on its own.
flushes() ->
    Z = zlib:open(),
    ok = zlib:deflateInit(Z),
    A = iolist_to_binary(zlib:deflate(Z, <<"first part, ">>, sync)),
    B = iolist_to_binary(zlib:deflate(Z, <<"second part, ">>, full)),
    C = iolist_to_binary(zlib:deflate(Z, <<"the end">>, finish)),
    zlib:deflateEnd(Z),
    I = zlib:open(),
    zlib:inflateInit(I),
    SoFar = iolist_to_binary(zlib:inflate(I, A)),
    Then = iolist_to_binary(zlib:inflate(I, B)),
    Rest = iolist_to_binary(zlib:inflate(I, C)),
    zlib:inflateEnd(I),
    {binary:part(A, byte_size(A) - 4, 4), binary:part(B, byte_size(B) - 4, 4), SoFar, Then, Rest}.

safe(Text) ->
    C = zlib:compress(Text),
    Z = zlib:open(),
    ok = zlib:inflateInit(Z),
    {Rounds, Out} = safe_loop(Z, zlib:safeInflate(Z, C), 1, []),
    zlib:inflateEnd(Z),
    {Rounds > 1, Out =:= Text}.

safe_loop(_Z, {finished, Out}, N, Acc) -> {N, iolist_to_binary(lists:reverse(Acc, [Out]))};
safe_loop(Z, {continue, Out}, N, Acc) -> safe_loop(Z, zlib:safeInflate(Z, []), N + 1, [Out | Acc]).

chunks(Text) ->
    C = zlib:compress(Text),
    Z = zlib:open(),
    zlib:inflateInit(Z),
    Default = zlib:getBufSize(Z),
    ok = zlib:setBufSize(Z, 5000),
    {more, First} = zlib:inflateChunk(Z, C),
    Sizes = chunk_loop(Z, [iolist_size(First)]),
    zlib:inflateEnd(Z),
    {Default, zlib:getBufSize(Z), Sizes, lists:sum(Sizes) =:= byte_size(Text),
     t(fun() -> zlib:setBufSize(Z, 3) end)}.

chunk_loop(Z, Acc) ->
    case zlib:inflateChunk(Z) of
        {more, Out} -> chunk_loop(Z, [iolist_size(Out) | Acc]);
        Out -> lists:reverse([iolist_size(Out) | Acc])
    end.

resets(Text) ->
    Z = zlib:open(),
    zlib:deflateInit(Z),
    _ = zlib:deflate(Z, <<"thrown away">>),
    ok = zlib:deflateReset(Z),
    C = iolist_to_binary(zlib:deflate(Z, Text, finish)),
    zlib:deflateEnd(Z),
    I = zlib:open(),
    zlib:inflateInit(I),
    _ = zlib:inflate(I, binary:part(C, 0, 100)),
    ok = zlib:inflateReset(I),
    Again = iolist_to_binary(zlib:inflate(I, C)),
    {zlib:uncompress(C) =:= Text, Again =:= Text}.

params(Text) ->
    Half = byte_size(Text) div 2,
    [begin
         Z = zlib:open(),
         ok = zlib:deflateInit(Z, default, deflated, W, 8, default),
         A = zlib:deflate(Z, binary:part(Text, 0, Half)),
         ok = zlib:deflateParams(Z, L, S),
         B = zlib:deflate(Z, binary:part(Text, Half, byte_size(Text) - Half)),
         ok = zlib:deflateParams(Z, 1, default),
         C = zlib:deflate(Z, <<"tail">>, finish),
         ok = zlib:deflateEnd(Z),
         Out = iolist_to_binary([A, B, C]),
         I = zlib:open(),
         ok = zlib:inflateInit(I, W),
         Back = iolist_to_binary(zlib:inflate(I, Out)),
         ok = zlib:inflateEnd(I),
         {W, L, S, Back =:= <<Text/binary, "tail">>}
     end || W <- [15, 31, -15], {L, S} <- [{none, default}, {best_compression, default},
                                           {4, default}, {default, filtered}, {9, huffman_only}]]
    ++ [t(fun() -> Z = zlib:open(), zlib:deflateInit(Z), zlib:deflateParams(Z, 11, default) end),
        t(fun() -> Z = zlib:open(), zlib:deflateInit(Z), zlib:deflateParams(Z, 1, fastest) end),
        t(fun() -> zlib:deflateParams(zlib:open(), 1, default) end)].

windows(Text) ->
    Formats = [{-15, -15}, {-9, -9}, {15, 15}, {9, 15}, {31, 31}, {25, 47}, {15, 47}, {12, 0}],
    [begin
         Z = zlib:open(),
         ok = zlib:deflateInit(Z, default, deflated, W, 8, default),
         C = iolist_to_binary(zlib:deflate(Z, Text, finish)),
         zlib:deflateEnd(Z),
         I = zlib:open(),
         ok = zlib:inflateInit(I, R),
         Out = iolist_to_binary(zlib:inflate(I, C)),
         zlib:inflateEnd(I),
         {W, R, Out =:= Text}
     end || {W, R} <- Formats, R =/= 0] ++
    [t(fun() -> zlib:inflateInit(zlib:open(), 7) end),
     t(fun() -> zlib:deflateInit(zlib:open(), default, deflated, 48, 8, default) end),
     t(fun() -> zlib:deflateInit(zlib:open(), default, deflated, -8, 8, default) end),
     t(fun() -> zlib:deflateInit(zlib:open(), default, deflated, 15, 10, default) end),
     t(fun() -> zlib:deflateInit(zlib:open(), 10) end),
     t(fun() -> zlib:deflateInit(zlib:open(), default, stored, 15, 8, default) end),
     t(fun() -> zlib:deflateInit(zlib:open(), default, deflated, 15, 8, fast) end),
     [{S, zlib:uncompress(strategy(S, Text)) =:= Text} || S <- [filtered, huffman_only, rle]]].

strategy(S, Text) ->
    Z = zlib:open(),
    zlib:deflateInit(Z, default, deflated, 15, 9, S),
    C = iolist_to_binary(zlib:deflate(Z, Text, finish)),
    zlib:deflateEnd(Z),
    C.

%% Two gzip members back to back: cut (the default) drops the second, reset reads it too,
%% error refuses it.
end_of_stream() ->
    Two = <<(zlib:gzip(<<"one ">>))/binary, (zlib:gzip(<<"two">>))/binary>>,
    [begin
         Z = zlib:open(),
         zlib:inflateInit(Z, 31, B),
         R = t(fun() -> iolist_to_binary(zlib:inflate(Z, Two)) end),
         {B, R}
     end || B <- [cut, reset, error]].

checksums() ->
    Z = zlib:open(),
    zlib:deflateInit(Z, default, deflated, -15, 8, default),
    C = iolist_to_binary(zlib:deflate(Z, <<"checksum me">>, finish)),
    Crc = zlib:crc32(Z),
    zlib:deflateEnd(Z),
    I = zlib:open(),
    zlib:inflateInit(I, -15),
    _ = zlib:inflate(I, C),
    {Crc, zlib:crc32(I), erlang:crc32(<<"checksum me">>),
     zlib:crc32(Z, <<"abc">>), zlib:crc32(Z, 7, <<"abc">>),
     zlib:adler32(Z, <<"abc">>), zlib:adler32(Z, 1, <<"abc">>),
     zlib:crc32_combine(Z, erlang:crc32(<<"ab">>), erlang:crc32(<<"c">>), 1),
     zlib:adler32_combine(Z, erlang:adler32(<<"ab">>), erlang:adler32(<<"c">>), 1),
     t(fun() -> zlib:crc32(not_a_stream, <<"abc">>) end)}.

errors() ->
    Z = zlib:open(),
    E1 = [t(fun() -> zlib:deflate(Z, <<"x">>) end),
          t(fun() -> zlib:inflate(Z, <<"x">>) end),
          t(fun() -> zlib:deflateEnd(Z) end),
          t(fun() -> zlib:inflateReset(Z) end),
          t(fun() -> zlib:crc32(Z) end),
          t(fun() -> zlib:deflate(Z, <<"x">>, sometimes) end)],
    ok = zlib:deflateInit(Z),
    E2 = [t(fun() -> zlib:deflateInit(Z) end),
          t(fun() -> zlib:inflateInit(Z) end),
          t(fun() -> zlib:inflate(Z, <<"x">>) end),
          t(fun() -> zlib:deflate(Z, foo) end)],
    _ = zlib:deflate(Z, <<"unfinished">>),
    E3 = [t(fun() -> zlib:deflateEnd(Z) end)],
    ok = zlib:close(Z),
    E4 = [t(fun() -> zlib:close(Z) end),
          t(fun() -> zlib:deflateInit(Z) end),
          t(fun() -> zlib:deflate(Z, <<"x">>) end),
          t(fun() -> zlib:close(make_ref()) end),
          t(fun() -> zlib:close(foo) end)],
    I = zlib:open(),
    zlib:inflateInit(I),
    E5 = [t(fun() -> zlib:inflate(I, <<"this is not zlib">>) end)],
    I2 = zlib:open(),
    zlib:inflateInit(I2),
    Half = binary:part(zlib:compress(<<"some data to cut short">>), 0, 10),
    _ = zlib:inflate(I2, Half),
    E6 = [t(fun() -> zlib:inflateEnd(I2) end)],
    Self = self(),
    Other = zlib:open(),
    zlib:deflateInit(Other),
    spawn(fun() -> Self ! {other, t(fun() -> zlib:deflate(Other, <<"x">>) end)} end),
    E7 = receive {other, R} -> R end,
    Mine = zlib:open(),
    ok = zlib:set_controlling_process(Mine, spawn(fun() -> receive stop -> ok end end)),
    E8 = t(fun() -> zlib:deflateInit(Mine) end),
    {E1, E2, E3, E4, E5, E6, E7, E8}.

t(F) -> try F() catch C:R -> {C, R} end.
