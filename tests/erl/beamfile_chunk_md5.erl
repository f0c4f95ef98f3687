%% erts_internal:beamfile_chunk/2 and beamfile_module_md5/1 under code:get_chunk/2 and
%% code:module_md5/1: a chunk's bytes (as beam_lib reads them), undefined for a missing chunk
%% or bytes that are no .beam file, a compressed file inflated first; the MD5 as beam_lib:md5/1
%% and module_info(md5) give it; badarg for chunk names that are not four bytes.
-module(beamfile_chunk_md5).
-export([main/0]).

r(F) -> try F() catch C:R -> {C, R} end.

main() ->
    Beams = [{M, element(2, code:get_object_code(M))} || M <- [lists, maps, gen_server, erl_lint]],
    Md5s = [{code:module_md5(B) =:= element(2, element(2, beam_lib:md5(B))),
             code:module_md5(B) =:= M:module_info(md5),
             erts_internal:beamfile_module_md5(B) =:= code:module_md5(B)}
            || {M, B} <- Beams],
    Ids = ["Code", "AtU8", "ExpT", "ImpT", "LitT", "Attr", "CInf", "Line", "StrT", "FunT", "LocT", "Type", "Meta"],
    Chunks = [[case code:get_chunk(B, Id) of
                   undefined -> {Id, undefined};
                   Chunk -> {Id, byte_size(Chunk), {ok, {M, [{Id, Chunk}]}} =:= beam_lib:chunks(B, [Id])}
               end || Id <- Ids] || {M, B} <- Beams],
    {_, Lists} = hd(Beams),
    Missing = [code:get_chunk(Lists, Id) || Id <- ["Docs", "XXXX", "Atom", [0, 0, 0, 0], [255, 1, 2, 3]]],
    Gzipped = zlib:gzip(Lists),
    Compressed = {code:get_chunk(Gzipped, "AtU8") =:= code:get_chunk(Lists, "AtU8"),
                  code:module_md5(Gzipped) =:= code:module_md5(Lists),
                  erts_internal:beamfile_chunk(Gzipped, "AtU8"),
                  erts_internal:beamfile_module_md5(Gzipped)},
    NotBeams = [{code:get_chunk(Bin, "Code"), code:module_md5(Bin)}
                || Bin <- [<<>>, <<"junk">>, <<"FOR1">>, <<"FOR1", 0, 0, 0, 4, "BEAM">>,
                           binary:part(Lists, 0, 100), <<"FOR1", 0, 0, 0, 12, "BEAM", "Code", 0, 0, 0, 0>>]],
    EmptyChunk = erts_internal:beamfile_chunk(<<"FOR1", 0, 0, 0, 12, "BEAM", "Code", 0, 0, 0, 0>>, "Code"),
    Bad = [r(fun() -> erts_internal:beamfile_chunk(Lists, Id) end)
           || Id <- ["Cod", "CodeX", "", code, <<"Code">>, [1000, 2, 3, 4], [-1, 2, 3, 4], [$C, $o, $d | $e]]]
        ++ [r(fun() -> erts_internal:beamfile_chunk(B, "Code") end) || B <- [foo, "Code", <<1:3>>]]
        ++ [r(fun() -> erts_internal:beamfile_module_md5(B) end) || B <- [foo, [1, 2], <<1:3>>]],
    {Md5s, Chunks, Missing, Compressed, NotBeams, EmptyChunk, Bad}.
