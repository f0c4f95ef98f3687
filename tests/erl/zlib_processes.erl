-module(zlib_processes).
-export([main/0]).
%% zlib streams in several processes at once (each deflating and inflating its own data while
%% the others run), a stream whose controlling process has ended, and streams opened in a
%% loop (each closed, or left to its process).
main() ->
    Self = self(),
    Pids = [spawn(fun() -> Self ! {self(), work(N)} end) || N <- lists:seq(1, 6)],
    Results = [receive {P, R} -> R end || P <- Pids],
    Z = zlib:open(),
    ok = zlib:deflateInit(Z),
    Worker = spawn(fun() -> receive {stream, S} -> Self ! {took, zlib:deflate(S, <<"x">>)} end end),
    ok = zlib:set_controlling_process(Z, Worker),
    Ref = monitor(process, Worker),
    Worker ! {stream, Z},
    Took = receive {took, T} -> T end,
    receive {'DOWN', Ref, process, _, normal} -> ok end,
    Orphan = [t(fun() -> zlib:deflate(Z, <<"y">>) end), t(fun() -> zlib:close(Z) end)],
    Many = length([begin
                       S = zlib:open(),
                       ok = zlib:deflateInit(S),
                       _ = zlib:deflate(S, integer_to_binary(I), finish),
                       case I rem 2 of 0 -> zlib:close(S); 1 -> ok end
                   end || I <- lists:seq(1, 200)]),
    {Results, Took, Orphan, Many}.

work(N) ->
    Data = binary:copy(integer_to_binary(N * 1234567), 500 * N),
    Z = zlib:open(),
    ok = zlib:deflateInit(Z, N rem 10),
    Parts = [zlib:deflate(Z, binary:part(Data, P, min(700, byte_size(Data) - P)))
             || P <- lists:seq(0, byte_size(Data) - 1, 700)],
    Last = zlib:deflate(Z, [], finish),
    ok = zlib:deflateEnd(Z),
    C = iolist_to_binary([Parts, Last]),
    {N, zlib:uncompress(C) =:= Data, byte_size(Data)}.

t(F) -> try F() catch C:R -> {C, R} end.
