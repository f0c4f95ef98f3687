-module(bin_large).
-export([main/0]).
main() ->
    B = build(0, 1100000, <<>>),
    C = comp(200000),
    Sum = sum(B, 0),
    Words = words(C, 0),
    <<First:32, _/binary>> = B,
    Last = binary_part(B, byte_size(B) - 4, 4),
    {byte_size(B), Sum, byte_size(C), Words, First, Last, twice(B) =:= <<B/binary, B/binary>>}.
build(N, N, Acc) -> Acc;
build(I, N, Acc) -> build(I + 1, N, <<Acc/binary, (I rem 251):8>>).
comp(N) -> << <<X:32>> || X <- seq(N, []) >>.
seq(0, Acc) -> Acc;
seq(N, Acc) -> seq(N - 1, [N | Acc]).
sum(<<X, R/binary>>, S) -> sum(R, S + X);
sum(<<>>, S) -> S.
words(<<X:32, R/binary>>, S) -> words(R, (S + X) band 16#FFFFFF);
words(<<>>, S) -> S.
twice(B) -> list_to_binary([B, B]).
