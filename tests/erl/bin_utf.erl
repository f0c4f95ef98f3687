-module(bin_utf).
-export([main/0]).
id(X) -> X.
main() ->
    Cs = id([$a, 16#7F, 16#80, 16#7FF, 16#800, 16#FFFF, 16#10000, 16#10FFFF, 233, 8364]),
    U8 = << <<C/utf8>> || C <- Cs >>,
    U16 = << <<C/utf16>> || C <- Cs >>,
    U16L = << <<C/utf16-little>> || C <- Cs >>,
    U32 = << <<C/utf32>> || C <- Cs >>,
    U32L = << <<C/utf32-little>> || C <- Cs >>,
    {U8, U16, U16L, U32, U32L,
     d8(U8), d16(U16), d16l(U16L), d32(U32), [C || <<C/utf32-little>> <= U32L],
     valid(<<16#C0, 16#80>>), valid(<<16#ED, 16#A0, 16#80>>), valid(<<16#F4, 16#90, 16#80, 16#80>>),
     valid(<<"héllo"/utf8>>), valid(<<16#E2, 16#82>>), skip(U8, 0),
     d16(<<16#D800:16>>), d32(<<16#110000:32>>)}.
d8(<<C/utf8, R/binary>>) -> [C | d8(R)];
d8(<<>>) -> [];
d8(Other) -> {bad, Other}.
d16(<<C/utf16, R/binary>>) -> [C | d16(R)];
d16(<<>>) -> [];
d16(Other) -> {bad, Other}.
d16l(<<C/utf16-little, R/binary>>) -> [C | d16l(R)];
d16l(<<>>) -> [].
d32(<<C/utf32, R/binary>>) -> [C | d32(R)];
d32(<<>>) -> [];
d32(Other) -> {bad, Other}.
valid(<<_/utf8, R/binary>>) -> valid(R);
valid(<<>>) -> true;
valid(_) -> false.
skip(<<_/utf8, R/binary>>, N) -> skip(R, N + 1);
skip(<<>>, N) -> N.
