-module(bin_random).
-export([main/0]).
%% Pseudo-random constructions and matches: integers of every size, endianness and sign at
%% unaligned offsets, sub-binaries, utf8 and floats. The whole result list is compared.
main() -> loop(400, 12345, []).
next(S) -> (S * 1103515245 + 12345) band 16#7FFFFFFF.
loop(0, _, Acc) -> lists:reverse(Acc, []);
loop(N, S0, Acc) ->
    S1 = next(S0), S2 = next(S1), S3 = next(S2), S4 = next(S3), S5 = next(S4), S6 = next(S5),
    Size = S1 rem 100,
    V = (S2 - 16#3FFFFFFF) * (S3 rem 100000) * (S6 rem 3 + 1) * (1 bsl (S6 rem 40)),
    Off = S4 rem 13,
    B1 = <<0:Off, V:Size>>,
    B2 = <<(S5 band 127):Off, V:Size/little>>,
    B3 = <<0:Off, V:Size/signed-little, 1:3>>,
    <<_:Off, A:Size>> = B1,
    <<_:Off, SB:Size/signed>> = B1,
    <<_:Off, L:Size/little>> = B2,
    <<_:Off, SL:Size/little-signed, T:3>> = B3,
    Cut = S5 rem (bit_size(B1) + 1),
    <<Head:Cut/bits, Tail/bits>> = B1,
    CP = case S6 rem 4 of 0 -> S5 rem 128; 1 -> S5 rem 2048; 2 -> 16#E000 + S5 rem 8192; _ -> 16#10000 + S5 rem 16#FFFFF end,
    U = <<0:Off, CP/utf8, CP/utf16, CP/utf32-little>>,
    <<_:Off, C1/utf8, C2/utf16, C3/utf32-little>> = U,
    <<F/float>> = <<(S2 rem 2):1, (1023 + S3 rem 60 - 30):11, S4:52>>,
    FB = <<0:Off, F/float, F:32/float-little>>,
    <<_:Off, F1/float, F2:32/float-little>> = FB,
    Item = {Size, Off, A, SB, L, SL, T, B1, B2, Head, Tail, <<Head/bits, Tail/bits>> =:= B1,
            C1 =:= CP, C2 =:= CP, C3 =:= CP, F1 =:= F, <<F2:32/float>> =:= <<F:32/float>>, byte_size(U),
            Head < Tail, Head == Tail, binary_to_term(term_to_binary({Tail, B3, V})) =:= {Tail, B3, V}},
    loop(N - 1, S6, [Item | Acc]).
