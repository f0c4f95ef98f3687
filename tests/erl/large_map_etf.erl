%% binary_to_term of maps of more than 32 keys (OTP's HAMT order on decoding: keys hashed as
%% OTP hashes them), nested, compressed, with a repeated key (badarg), round trips that keep
%% the encoding byte for byte. Keys without atoms: an atom's hash is its index in the atom
%% table, which depends on the order a VM created its atoms in.
-module(large_map_etf).
-export([main/0]).

main() ->
    M = maps:from_list([{I, I * I} || I <- lists:seq(1, 40)]),
    M2 = maps:from_list([{{I, I + 1}, I} || I <- lists:seq(1, 40)] ++
                        [{<<"b">>, 1}, {"str", 2}, {1.5, 3}, {binary:copy(<<"k">>, 100), big},
                         {[], nil}, {-7, neg}, {1 bsl 70, bignum}]),
    M3 = #{nested => M2, list => [M, M2]},
    Big = maps:from_list([{I, {v, I}} || I <- lists:seq(1, 5000)]),
    Maps = [M, M2, M3, Big],
    Back = [binary_to_term(term_to_binary(X)) || X <- Maps],
    Compressed = [binary_to_term(term_to_binary(X, [compressed])) || X <- Maps],
    Repeated = <<131, 116, 0, 0, 0, 40,
                 (iolist_to_binary([[97, I, 97, I] || I <- lists:seq(1, 39)]))/binary,
                 97, 1, 97, 1>>,
    {Back =:= Maps, Compressed =:= Maps,
     [maps:keys(X) || X <- lists:sublist(Back, 2)],
     maps:to_list(hd(Back)),
     maps:fold(fun(K, V, Acc) -> [{K, V} | Acc] end, [], lists:nth(2, Back)),
     [maps:get(K, lists:nth(4, Back)) || K <- [1, 2500, 5000]],
     lists:sum(maps:keys(lists:nth(4, Back))),
     [term_to_binary(B) =:= term_to_binary(X) || {B, X} <- lists:zip(Back, Maps)],
     case catch binary_to_term(Repeated) of {'EXIT', {badarg, _}} -> badarg; Other -> Other end}.
