-module(bits_inline_edges).
-export([main/0]).

%% The inline fast paths of bit syntax and their fallbacks: appends of integer segments to a
%% writable binary, and byte-aligned integer (and binary) matches from a match state.

id(X) -> X.

main() ->
    {construct(), errors(), not_latest(), matching(), sources(), tails(), loops()}.

%% ---- construction ----

%% A writable accumulator (more than 64 bytes, so a refc binary in a writable block).
big(N) -> big(N, <<>>).
big(0, Acc) -> Acc;
big(N, Acc) -> big(N - 1, <<Acc/binary, N:8>>).

edges() ->
    [0, 1, -1, 127, 128, -128, -129, 255, 256, 32767, 32768, -32768, -32769, 65535, 65536,
     16#7FFFFFFF, 16#80000000, -16#80000000, -16#80000001, 16#FFFFFFFF, 16#100000000,
     (1 bsl 59) - 1, -(1 bsl 59), 1 bsl 59, -(1 bsl 59) - 1, (1 bsl 63) - 1, 1 bsl 63,
     -(1 bsl 63), (1 bsl 64) - 1, 1 bsl 64, -(1 bsl 64), (1 bsl 70) + 5, -(1 bsl 70) - 5].

append_all(Acc, V) ->
    A1 = <<Acc/binary, V:8, V:16, V:32, V:64>>,
    A2 = <<A1/binary, V:16/little, V:32/little, V:64/little>>,
    A3 = <<A2/binary, V:8/signed, V:16/signed-big, V:32/signed-little, V:64/native>>,
    A4 = <<A3/binary, V:24, V:40/little, V:48, V:56/little-signed>>,
    <<A4/binary, 7:8, 1000:16/little, V:8>>.

construct() ->
    Base = big(100),
    Built = foldl(fun(V, Acc) -> append_all(Acc, id(V)) end, Base, edges()),
    %% The same bytes built from a heap binary base (the host path throughout).
    Small = foldl(fun(V, Acc) -> append_all(Acc, id(V)) end, <<1, 2, 3>>, edges()),
    <<_:100/binary, Tail/binary>> = Built,
    <<_:3/binary, SmallTail/binary>> = Small,
    %% A base that is a sub binary of a literal, and one of a bitstring.
    Lit = <<Tail:8/binary, 9:16>>,
    Bits = <<(id(<<1:3>>))/bits, 300:16>>,
    Mixed = <<Base/binary, 1.5/float, 3:8>>,
    Wide = <<Base/binary, (id(1 bsl 62)):64, (id(-(1 bsl 62))):64/little>>,
    {byte_size(Built), Tail =:= SmallTail, erlang:crc32(Tail), Lit, Bits,
     byte_size(Mixed), binary_part(Mixed, 100, 9), binary_part(Wide, 100, 16),
     binary_part(Built, 0, 100) =:= Base}.

errors() ->
    Base = big(80),
    [catch_error(fun() -> <<Base/binary, (id(V)):W>> end) || V <- [foo, 1.5, [], {1}, self(), 1 bsl 64, -(1 bsl 80)], W <- [8, 32, 64]] ++
    [catch_error(fun() -> <<Base/binary, 1:8, (id(V)):16/little, 2:8>> end) || V <- [bar, 2.0, "x"]] ++
    [catch_error(fun() -> <<Base/binary, (id(3)):8, (id(V)):32/signed>> end) || V <- [baz, -1, 1 bsl 59]].

catch_error(F) ->
    try F() of
        B when is_binary(B) -> {ok, byte_size(B), binary_part(B, byte_size(B) - 9, 9)}
    catch
        C:R -> {C, R}
    end.

not_latest() ->
    A = big(70),
    B = <<A/binary, 1:8, 2:16, 3:32/little>>,
    C = <<A/binary, 4:8, 5:64>>,
    D = <<B/binary, 6:16>>,
    E = <<B/binary, 7:16>>,
    F = <<C/binary, 8:32>>,
    G = <<D/binary, 9:8>>,
    {byte_size(A), binary_part(B, 70, 7), binary_part(C, 70, 9), binary_part(D, 77, 2),
     binary_part(E, 77, 2), binary_part(F, 79, 4), binary_part(G, 79, 1), A =:= big(70),
     [byte_size(X) || X <- [A, B, C, D, E, F, G]]}.

%% ---- matching ----

ints(Bin) ->
    [int8(Bin), int16(Bin), int24(Bin), int32(Bin), int40(Bin), int48(Bin), int56(Bin),
     int64(Bin)].

int8(<<A:8, B:8/signed, C:8/little, D:8/signed-little, _/bits>>) -> {A, B, C, D};
int8(_) -> short.
int16(<<A:16, B:16/signed, C:16/little, D:16/signed-little, E:16/native, _/bits>>) -> {A, B, C, D, E};
int16(_) -> short.
int24(<<A:24, B:24/signed, C:24/little, D:24/signed-little, _/bits>>) -> {A, B, C, D};
int24(_) -> short.
int32(<<A:32, B:32/signed, C:32/little, D:32/signed-little, E:32/native-signed, _/bits>>) -> {A, B, C, D, E};
int32(_) -> short.
int40(<<A:40, B:40/signed-little, _/bits>>) -> {A, B};
int40(_) -> short.
int48(<<A:48/little, B:48/signed, _/bits>>) -> {A, B};
int48(_) -> short.
int56(<<A:56, B:56/signed-little, _/bits>>) -> {A, B};
int56(_) -> short.
int64(<<A:64, B:64/signed, C:64/little, D:64/signed-little, E:64/native, _/bits>>) -> {A, B, C, D, E};
int64(_) -> short.

patterns() ->
    [copy(<<X>>, 40) || X <- [0, 1, 16#7F, 16#80, 16#FF]] ++
    [<<16#07FFFFFFFFFFFFFF:64, 16#F800000000000000:64, 16#0800000000000000:64,
       16#F7FFFFFFFFFFFFFF:64, 16#FFFFFFFFFFFFFFF7:64>>,
     <<16#FFFFFFFFFFFFFF07:64, 16#00000000000000F8:64, 16#0000000000000008:64,
       16#FFFFFFFFFFFFFFF7:64, 16#7F:64>>,
     list_to_binary(seq(1, 40)), list_to_binary(seq(200, 255))].

matching() ->
    Heap = [ints(id(P)) || P <- patterns()],
    %% The same bytes in refc binaries (after 100 bytes of padding, matched past it).
    Refc = [ints(skip100(<<(copy(<<1>>, 100))/binary, P/binary>>)) || P <- patterns()],
    Short = [ints(id(binary_part(<<1, 2, 3, 4, 5, 6, 7, 8, 9>>, 0, N))) || N <- [0, 1, 2, 3, 4, 7, 8]],
    Unaligned = [unaligned(id(<<N:5, P/binary, 0:3>>)) || N <- [0, 31], P <- patterns()],
    {Heap =:= Refc, Heap, Short, Unaligned}.

skip100(<<_:100/binary, Rest/binary>>) -> Rest.

unaligned(<<N:5, A:8, B:16/little, C:32/signed, D:64, _/bits>>) -> {N, A, B, C, D};
unaligned(_) -> short.

sources() ->
    Big = list_to_binary(seq(0, 255)),
    <<_:3, Odd/bits>> = Big,
    <<_:8, Sub/binary>> = Big,
    <<_:200/binary, Sub2:40/binary, _/binary>> = Big,
    SubOdd = <<1:1, Sub2/binary>>,
    Lit = <<1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12>>,
    {ints(Sub), ints(Sub2), ints(Odd), ints(SubOdd), ints(Lit), int32(<<Big/binary, 1:1>>),
     ints(binary_part(Big, 250, 6)),
     [{int8(id(X)), int16(id(X))} || X <- [foo, 1, [1], {<<1>>}, <<1:7>>, <<1, 2:7>>, <<>>, Odd]]}.

%% `Rest/binary` returned (a sub binary), literal-size binary fields, exact tails.
split32(<<X:32, Rest/binary>>) -> {X, Rest};
split32(B) -> {short, B}.

fields(<<H:3/binary, L:16/little, Body:L/binary, T:2/binary>>) -> {H, L, Body, T};
fields(<<H:4/binary, _/bits>>) -> {head, H};
fields(_) -> none.

exact(<<A:16, B:16>>) -> {two, A, B};
exact(<<A:8, B:16/signed>>) -> {three, A, B};
exact(<<>>) -> empty;
exact(B) -> {other, bit_size(B)}.

tails() ->
    Big = list_to_binary(seq(1, 200)),
    {split32(id(<<1, 2, 3, 4, 5>>)), split32(id(<<1, 2, 3>>)), split32(Big),
     element(2, split32(element(2, split32(Big)))) =:= binary_part(Big, 8, 192),
     fields(id(<<"abc", 3:16/little, "xyz", "de">>)), fields(id(<<"abcd", 1:1>>)),
     fields(id(<<"ab">>)), fields(id(<<"abc", 3:16/little, "xyz", "d">>)),
     [exact(id(B)) || B <- [<<1, 2, 3, 4>>, <<1, 255, 254>>, <<>>, <<1, 2>>, <<1:7>>,
                            <<1, 2, 3, 4, 5>>, binary_part(Big, 10, 4), binary_part(Big, 10, 3)]]}.

%% ---- loops like the benchmarks ----

tlv_build(0, Acc) -> Acc;
tlv_build(N, Acc) ->
    tlv_build(N - 1, <<Acc/binary, (N band 255):8, (N band 65535):16/big, N:32/little,
                       (-N):64/signed, (N * 1000003):24>>).

tlv_parse(<<T:8, L:16/big, V:32/little, S:64/signed, W:24, Rest/binary>>, Acc) ->
    tlv_parse(Rest, Acc + T + L + V + S + W);
tlv_parse(<<>>, Acc) -> Acc;
tlv_parse(Other, Acc) -> {left, byte_size(Other), Acc}.

words(<<I:32, Rest/binary>>, Acc) -> words(Rest, Acc + I);
words(<<>>, Acc) -> Acc;
words(Rest, Acc) -> {rest, Rest, Acc}.

build_words(N, N, Acc) -> Acc;
build_words(I, N, Acc) -> build_words(I + 1, N, <<Acc/binary, (I * 7919):32>>).

loops() ->
    T = tlv_build(3000, <<>>),
    W = build_words(0, 2000, <<>>),
    {byte_size(T), erlang:crc32(T), tlv_parse(T, 0), tlv_parse(<<T/binary, 1, 2>>, 0),
     words(W, 0), words(<<W/binary, 9>>, 0), erlang:crc32(W)}.

copy(B, N) -> copy(B, N, <<>>).
copy(_, 0, Acc) -> Acc;
copy(B, N, Acc) -> copy(B, N - 1, <<Acc/binary, B/binary>>).

foldl(_, Acc, []) -> Acc;
foldl(F, Acc, [X | Xs]) -> foldl(F, F(X, Acc), Xs).

seq(A, B) when A > B -> [];
seq(A, B) -> [A | seq(A + 1, B)].
