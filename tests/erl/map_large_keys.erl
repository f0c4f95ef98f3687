-module(map_large_keys).
-export([main/0]).

%% Large maps of every key type but atoms (OTP hashes an atom by its index in the running
%% VM's atom table), in OTP 25's iteration and listing order.

main() ->
    put(out, []),
    show(floats, [{K * 1.5, K} || K <- lists:seq(-20, 20)] ++ [{0.1, x}, {1.0e300, y}, {-2.5e-300, z}]),
    show(zeros, [{K, K} || K <- lists:seq(1, 40)] ++ [{0.0, zero}, {-0.0, negative_zero}]),
    show(binaries, [{<<K:16>>, K} || K <- lists:seq(1, 40)]
                   ++ [{<<>>, empty}, {<<"a somewhat longer binary than twelve">>, long}]),
    Big = list_to_binary(lists:seq(0, 255)),
    show(sub_binaries, [{binary:part(Big, K, 3 + K rem 20), K} || K <- lists:seq(0, 40)]),
    show(bitstrings, [{<<K:13>>, K} || K <- lists:seq(1, 40)] ++ [{<<1:1>>, one_bit}]),
    show(strings, [{integer_to_list(K * 7919), K} || K <- lists:seq(1, 40)] ++ [{"", empty}]),
    show(lists, [{lists:seq(1, K), K} || K <- lists:seq(0, 35)]
                ++ [{[300, 1 | 2], improper}, {[1.5, <<"b">>, {3}], mixed}, {[[]], nested}]),
    show(tuples, [{{K, [K], <<K>>, K * 2.0}, K} || K <- lists:seq(1, 40)] ++ [{{}, empty}]),
    show(flatmaps, [{#{K => K, K + 1 => [K]}, K} || K <- lists:seq(1, 40)] ++ [{#{}, empty}]),
    show(large_maps, [{maps:from_list([{J, K} || J <- lists:seq(1, 33 + K)]), K}
                      || K <- lists:seq(1, 34)]),
    show(bignums, [{(1 bsl 64) * K + K, K} || K <- lists:seq(-20, 20)]),
    show(everything, [{K, K} || K <- lists:seq(-5, 5)]
                     ++ [{K * 0.25, K} || K <- lists:seq(1, 5)]
                     ++ [{<<K>>, K} || K <- lists:seq(1, 5)]
                     ++ [{[K, K], K} || K <- lists:seq(1, 5)]
                     ++ [{{K}, K} || K <- lists:seq(1, 5)]
                     ++ [{#{K => K}, K} || K <- lists:seq(1, 5)]
                     ++ [{1 bsl (60 + K), K} || K <- lists:seq(1, 5)]
                     ++ [{[], nil}, {{}, unit}, {"text", text}]),
    lists:reverse(get(out)).

show(Name, Pairs) ->
    M = maps:from_list(Pairs),
    p("~w ~w~n~p~n~w~n", [Name, maps:size(M), M, M]),
    p("keys ~w~n", [maps:keys(M)]),
    p("values ~w~n", [maps:values(M)]),
    p("fold ~w~n", [maps:fold(fun(K, _, Acc) -> [K | Acc] end, [], M)]),
    p("encoded ~w~n", [term_to_binary(M)]),
    %% The same map built another way is the same term.
    Rebuilt = lists:foldl(fun({K, V}, Acc) -> Acc#{K => V} end, #{}, lists:reverse(Pairs)),
    Same = maps:from_list(lists:reverse(maps:to_list(M))),
    p("equal ~w ~w ~w~n", [M =:= Same, maps:keys(Rebuilt) =:= maps:keys(Same),
                                   term_to_binary(Same) =:= term_to_binary(M)]).

%% What the program prints, kept as the lines of its result (the differential harness
%% compares results).
p(Format, Args) ->
    put(out, [iolist_to_binary(io_lib:format(Format, Args)) | get(out)]).
