-module(map_large_ops).
-export([main/0]).

%% Operations on large maps keep OTP 25's order: updates, removal back under 33 keys and
%% growing again, merge, the maps module's iterating functions, copies between processes.

main() ->
    put(out, []),
    M = maps:from_list([{K, K} || K <- lists:seq(1, 40)]),
    p("~w~n", [M#{5 := five, 41 => new}]),
    p("~w~n", [maps:put(-1, minus, M)]),
    p("~w~n", [maps:update(40, forty, M)]),
    p("~w~n", [maps:remove(3, M)]),
    p("~w~n", [maps:take(7, M)]),
    %% -0.0 and 0.0 are one key; a large map keeps the one given last, a flatmap its first.
    Zero = M#{0.0 => zero},
    p("zeros ~w ~w ~w~n", [maps:put(-0.0, c, Zero), Zero#{-0.0 := d}, (#{0.0 => a})#{-0.0 := b}]),
    Shrunk = lists:foldl(fun maps:remove/2, M, lists:seq(1, 8)),
    p("shrunk ~w ~w~n", [maps:size(Shrunk), Shrunk]),
    Regrown = maps:merge(Shrunk, #{1 => a, 2 => b, 100 => c}),
    p("regrown ~w ~w~n", [maps:size(Regrown), Regrown]),
    p("merged ~w~n", [maps:merge(M, maps:from_list([{K, m} || K <- lists:seq(30, 70)]))]),
    p("merged small ~w~n", [maps:merge(#{1 => x, 2.0 => y}, M)]),
    p("merged flats ~w~n", [maps:merge(maps:from_list([{K, a} || K <- lists:seq(1, 20)]),
                                               maps:from_list([{K, b} || K <- lists:seq(15, 35)]))]),
    p("map ~w~n", [maps:map(fun(K, V) -> K + V end, M)]),
    p("filter ~w~n", [maps:filter(fun(K, _) -> K rem 3 =/= 0 end, M)]),
    p("filtermap ~w~n", [maps:filtermap(fun(K, V) -> K > 4 andalso {true, -V} end, M)]),
    maps:foreach(fun(K, _) -> p("~w ", [K]) end, M),
    p("~n", []),
    p("with ~w~n", [maps:with(lists:seq(1, 40, 2), M)]),
    p("without ~w~n", [maps:without([1, 2], M)]),
    p("from_keys ~w~n", [maps:keys(maps:from_keys(lists:seq(100, 140), v))]),
    p("groups ~w~n", [maps:groups_from_list(fun(K) -> K rem 40 end, lists:seq(1, 80))]),
    p("io_lib ~s~n", [io_lib:format("~p", [M])]),
    p("~p~n", [maps:from_list([{list_to_binary([K]), K} || K <- lists:seq(65, 105)])]),
    %% A map of 10,000 keys iterated through maps:next/1 one pair at a time.
    Big = maps:from_list([{K, -K} || K <- lists:seq(1, 10000)]),
    Walked = walk(maps:iterator(Big), []),
    p("walked ~w ~w ~w~n", [length(Walked), erlang:phash2(Walked), lists:sublist(Walked, 5)]),
    p("equal ~w ~w~n", [lists:reverse(Walked) =:= maps:to_list(Big),
                                maps:fold(fun(K, _, A) -> [K | A] end, [], Big) =:= maps:keys(Big)]),
    %% Map comparison and equality do not depend on the order.
    A = maps:from_list([{K, 0} || K <- lists:seq(1, 50)]),
    B = maps:from_list([{K, 0} || K <- lists:seq(1, 49)] ++ [{51, 0}]),
    p("compare ~w ~w ~w~n", [A < B, A =:= maps:remove(99, A), lists:sort([B, A, #{}]) =:= [#{}, A, B]]),
    %% Copied to another process and back.
    Self = self(),
    Pid = spawn(fun() -> receive X -> Self ! {back, X#{1000 => extra}} end end),
    Pid ! M,
    receive {back, Copy} -> p("copied ~w~n", [Copy]) end,
    %% Large maps as keys and values of large maps.
    Nested = maps:from_list([{maps:from_list([{J, K} || J <- lists:seq(K, K + 33)]), K}
                             || K <- lists:seq(1, 40)]),
    p("nested ~w~n", [[V || {_, V} <- maps:to_list(Nested)]]),
    Key = maps:from_list([{J, 7} || J <- lists:seq(7, 40)]),
    p("nested get ~w ~w~n", [maps:get(Key, Nested), maps:is_key(Key#{1 => 1}, Nested)]),
    lists:reverse(get(out)).

walk(I, Acc) ->
    case maps:next(I) of
        {K, V, Next} -> walk(Next, [{K, V} | Acc]);
        none -> lists:reverse(Acc)
    end.

%% What the program prints, kept as the lines of its result (the differential harness
%% compares results).
p(Format, Args) ->
    put(out, [iolist_to_binary(io_lib:format(Format, Args)) | get(out)]).
