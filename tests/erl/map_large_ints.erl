-module(map_large_ints).
-export([main/0]).

%% Maps of more than 32 integer keys list, fold, iterate, print and encode in OTP 25's order
%% (its HAMT's, by the internal hash of the keys). The text printed is the result.

main() ->
    put(out, []),
    Sizes = [33, 34, 40, 64, 100, 257, 1000, 2000],
    lists:foreach(fun(N) -> sized(N) end, Sizes),
    Mixed = maps:from_list([{K, K * 2} || K <- mixed_ints()]),
    show(mixed, Mixed),
    Negative = maps:from_list([{-K, K} || K <- lists:seq(1, 50)]),
    show(negative, Negative),
    Wide = maps:from_list([{(1 bsl 59) - K, K} || K <- lists:seq(1, 20)]
                          ++ [{-(1 bsl 59) - K, K} || K <- lists:seq(0, 20)]),
    show(small_big_line, Wide),
    lists:reverse(get(out)).

mixed_ints() ->
    lists:seq(-20, 20)
        ++ [1 bsl 59, (1 bsl 59) - 1, -(1 bsl 59), -(1 bsl 59) - 1, 1 bsl 60, 1 bsl 64,
            (1 bsl 64) - 1, 1 bsl 100, -(1 bsl 100), 123456789012345678901234567890,
            -98765432109876543210, 16#7FFFFFFFFFFFFFFF, 16#FFFFFFFFFFFFFFFF1].

sized(N) ->
    M = maps:from_list([{K, K * K} || K <- lists:seq(1, N)]),
    p("size ~w: ~w ~w~n", [N, maps:size(M), erlang:phash2(maps:keys(M))]),
    p("first keys ~w~n", [lists:sublist(maps:keys(M), 12)]),
    p("first values ~w~n", [lists:sublist(maps:values(M), 12)]),
    p("first pairs ~w~n", [lists:sublist(maps:to_list(M), 6)]),
    Folded = maps:fold(fun(K, V, Acc) -> [{K, V} | Acc] end, [], M),
    p("fold ~w ~w~n", [lists:sublist(Folded, 6), erlang:phash2(Folded)]),
    p("iterator ~w~n", [walk(maps:next(maps:iterator(M)), 8)]),
    p("encoded ~w~n", [erlang:phash2(term_to_binary(M))]),
    Text = lists:flatten(io_lib:format("~w", [M])),
    p("printed ~w ~s~n", [erlang:phash2(Text), lists:sublist(Text, 60)]),
    case N =< 100 of
        true -> p("~p~n~w~n", [M, M]);
        false -> ok
    end.

walk(none, _) -> [];
walk(_, 0) -> [];
walk({K, V, I}, N) -> [{K, V} | walk(maps:next(I), N - 1)].

show(Name, M) ->
    p("~w ~w~n", [Name, maps:size(M)]),
    p("~p~n", [M]),
    p("~w~n", [M]),
    p("keys ~w~n", [maps:keys(M)]),
    p("fold ~w~n", [maps:fold(fun(K, _, Acc) -> [K | Acc] end, [], M)]),
    p("encoded ~w~n", [term_to_binary(M)]).

%% What the program prints, kept as the lines of its result (the differential harness
%% compares results).
p(Format, Args) ->
    put(out, [iolist_to_binary(io_lib:format(Format, Args)) | get(out)]).
