-module(crypto_hashes).
-export([main/0]).
%% crypto's hashes, HMACs and random bytes against erl's (OpenSSL) crypto.
main() ->
    Algs = [md5, sha, sha224, sha256, sha384, sha512, sha3_224, sha3_256, sha3_384, sha3_512],
    Data = [<<"The quick brown fox ">>, "jumps over", [$\s | <<"the lazy dog">>]],
    Long = list_to_binary(lists:duplicate(5000, <<"abcdefgh">>)),
    Hashes = [{A, crypto:hash(A, Data), crypto:hash(A, <<>>), crypto:hash(A, Long)} || A <- Algs],
    Streams = [{A, stream(A, [<<"a">>, "bc", [<<"de">>, $f]]) =:= crypto:hash(A, <<"abcdef">>)} || A <- Algs],
    Infos = [{A, crypto:hash_info(A)} || A <- Algs],
    Macs = [{A, crypto:mac(hmac, A, <<"key">>, Data), crypto:mac(hmac, A, list_to_binary(lists:duplicate(200, $k)), <<>>)}
            || A <- Algs],
    S0 = crypto:hash_init(sha256),
    S1 = crypto:hash_update(S0, <<"x">>),
    Reuse = {crypto:hash_final(S1), crypto:hash_final(crypto:hash_update(S0, <<"y">>)),
             crypto:hash_final(S1)},
    Errors = [catch_error(fun() -> crypto:hash(foo, <<>>) end),
              catch_error(fun() -> crypto:hash(sha, foo) end),
              catch_error(fun() -> crypto:hash_init(bar) end),
              catch_error(fun() -> crypto:hash_info(baz) end)],
    Exor = {crypto:exor(<<1, 2, 3>>, [4, <<5, 6>>]), catch_error(fun() -> crypto:exor(<<1>>, <<1, 2>>) end)},
    Rand = [byte_size(crypto:strong_rand_bytes(N)) || N <- [0, 1, 16, 1000]],
    Distinct = crypto:strong_rand_bytes(32) =/= crypto:strong_rand_bytes(32),
    {Hashes, Streams, Infos, Macs, Reuse, Errors, Exor, Rand, Distinct}.

stream(A, Parts) ->
    crypto:hash_final(lists:foldl(fun(P, S) -> crypto:hash_update(S, P) end, crypto:hash_init(A), Parts)).

catch_error(F) ->
    try F() catch error:R -> {error, R} end.
