-module(conv_checksums).
-export([main/0]).
%% crc32/1,2, crc32_combine/3, adler32/1,2, adler32_combine/3, md5/1 and the incremental
%% md5_init/update/final, on binaries and iolists, with their badargs.
id(X) -> X.
try_all(Funs) -> [try F() of V -> {ok, V} catch C:R -> {C, R} end || F <- Funs].
main() ->
    A = id(<<"The quick brown fox ">>),
    B = id(binary:copy(<<"jumps over the lazy dog ">>, 10)),
    AB = <<A/binary, B/binary>>,
    Ctx0 = erlang:md5_init(),
    Ctx1 = erlang:md5_update(Ctx0, A),
    Ctx2 = erlang:md5_update(Ctx1, [B, <<>>]),
    {erlang:crc32(AB), erlang:crc32(erlang:crc32(A), B),
     erlang:crc32_combine(erlang:crc32(A), erlang:crc32(B), byte_size(B)) =:= erlang:crc32(AB),
     erlang:crc32_combine(123456, 654321, 1000000), erlang:crc32_combine(0, 0, 0),
     erlang:adler32(AB), erlang:adler32(<<>>), erlang:adler32([<<"ab">>, $c, [[$d]]]),
     erlang:adler32(erlang:adler32(A), B) =:= erlang:adler32(AB),
     erlang:adler32_combine(erlang:adler32(A), erlang:adler32(B), byte_size(B)) =:= erlang:adler32(AB),
     erlang:adler32_combine(123456, 654321, 1000000), erlang:adler32(binary:copy(<<255>>, 10000)),
     erlang:md5(<<>>), erlang:md5(<<"abc">>), erlang:md5([<<"a">>, "bc"]), erlang:md5(AB),
     erlang:md5(binary:copy(<<"x">>, 1000)),
     erlang:md5_final(Ctx2) =:= erlang:md5(AB), erlang:md5_final(Ctx0), byte_size(Ctx0), byte_size(Ctx2),
     %% The context's state words and bit count are laid out as OTP's C struct.
     binary:part(erlang:md5_update(Ctx0, binary:copy(<<"a">>, 64)), 0, 24), binary:part(Ctx0, 0, 24),
     [erlang:md5_final(erlang:md5_update(erlang:md5_init(), binary:copy(<<"q">>, N))) =:=
          erlang:md5(binary:copy(<<"q">>, N)) || N <- [55, 56, 63, 64, 65, 119, 120, 128]],
     try_all([fun() -> erlang:crc32(a) end,
              fun() -> erlang:crc32(1 bsl 32, <<"a">>) end,
              fun() -> erlang:crc32_combine(1 bsl 32, 1, 1) end,
              fun() -> erlang:crc32_combine(1, 1, 1 bsl 32) end,
              fun() -> erlang:crc32_combine(1, 1, -1) end,
              fun() -> erlang:adler32(-1, <<>>) end,
              fun() -> erlang:adler32(<<1:3>>) end,
              fun() -> erlang:adler32_combine(1, 2, 1 bsl 40) end,
              fun() -> erlang:md5(abc) end,
              fun() -> erlang:md5([256]) end,
              fun() -> erlang:md5_update(<<1>>, <<>>) end,
              fun() -> erlang:md5_update(Ctx0, a) end,
              fun() -> erlang:md5_final(<<>>) end])}.
