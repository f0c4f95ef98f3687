-module(bin_gc_many).
-export([main/0]).
main() ->
    Keep = make(300, []),
    Garbage = churn(2000, 0),
    Subs = [binary_part(B, 10, 5) || B <- Keep],
    {length(Keep), Garbage, check(Keep, 300), lists:reverse(Subs, []) =:= lists:reverse([binary_part(B, 10, 5) || B <- Keep], []),
     hd(Subs), byte_size(iolist_to_binary(Keep))}.
make(0, Acc) -> Acc;
make(N, Acc) -> make(N - 1, [list_to_binary([<<N:32>> | seq(100, N)]) | Acc]).
churn(0, S) -> S;
churn(N, S) -> B = list_to_binary(seq(200, N)), <<X, _/binary>> = B, churn(N - 1, (S + X + byte_size(B)) rem 1000003).
check([], _) -> ok;
check([B | T], N) -> <<M:32, _/binary>> = B, true = M =:= 301 - N, check(T, N - 1).
seq(0, _) -> [];
seq(K, N) -> [(K + N) rem 256 | seq(K - 1, N)].
