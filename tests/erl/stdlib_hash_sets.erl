%% stdlib group: erlang:phash/2 and phash2/1,2 over varied terms (must equal OTP 25's values),
%% and the hash-ordered containers built on them (sets, dict).
-module(stdlib_hash_sets).
-export([main/0]).
-compile(nowarn_deprecated_function).

terms() ->
    Ints = [0, 1, -1, 2, 255, 256, -256, 127, -128, 1 bsl 27 - 1, -(1 bsl 27), 1 bsl 27,
            -(1 bsl 27) - 1, 1 bsl 31, 1 bsl 32, -(1 bsl 32), 1 bsl 59, 1 bsl 60, -(1 bsl 60),
            1 bsl 63, 1 bsl 64, 1 bsl 64 - 1, -(1 bsl 64), 1 bsl 100, -(1 bsl 100) + 7,
            12345678901234567890123, 1 bsl 128 + 1, 1 bsl 96 + 3],
    Floats = [0.0, -0.0, 1.0, -1.0, 3.14, 1.0e300, -2.5e-300, 0.1, 123456.789],
    Atoms = [a, b, ok, error, true, false, undefined, '', 'hello world', 'ÿé', 'кот',
             a_very_long_atom_name_that_goes_on],
    <<_:8, Sub:5/binary, _/binary>> = list_to_binary("abcdefgh"),
    <<_:3, Bits:20/bits, _/bits>> = list_to_binary("abcdefgh"),
    Bins = [<<>>, <<1>>, <<1, 2, 3>>, <<"hello">>, <<"hello world!">>, <<"hello world!!">>,
            list_to_binary(lists:seq(0, 255)), <<1:1>>, <<5:3>>, <<1, 2, 3:4>>, Sub, Bits],
    Lists = [[], [1], [1, 2, 3], "abc", "abcd", "abcde", [256], [a | b], [1 | 2], [1, 2 | 3],
             [[]], [[1], [2]], "hello world", [a, b, c], [1.0], [-1], [1000, 2, 3],
             lists:seq(1, 300)],
    Tuples = [{}, {a}, {a, b}, {1, 2, 3}, {{}}, {[], []}, {"x", <<"y">>, 1.5}],
    Maps = [#{}, #{a => 1}, #{a => 1, b => 2}, #{1 => 2, 3 => 4}, #{k => #{n => []}},
            maps:from_list([{I, I * I} || I <- lists:seq(1, 40)]),
            maps:from_list([{integer_to_list(I), I} || I <- lists:seq(1, 100)])],
    Funs = [fun lists:map/2, fun erlang:phash2/1],
    Nested = [{a, [b, {c, <<"d">>}], #{e => f}}, [{x, 1}, {y, 2}], {[1 | 2], 3.0}],
    Generated = [{I, integer_to_list(I * 7919), I * 1.5} || I <- lists:seq(-50, 250)],
    Ints ++ Floats ++ Atoms ++ Bins ++ Lists ++ Tuples ++ Maps ++ Funs ++ Nested ++ Generated.

main() ->
    T = terms(),
    Words = [list_to_atom("w" ++ integer_to_list(I)) || I <- lists:seq(1, 60)],
    S = sets:from_list(Words ++ lists:seq(1, 100) ++ ["x", "y", <<"z">>]),
    S2 = sets:del_element(w7, sets:add_element({new, 1}, S)),
    D = dict:from_list([{W, length(atom_to_list(W))} || W <- Words]),
    D2 = dict:update_counter(w3, 10, dict:erase(w5, D)),
    {length(T),
     [erlang:phash2(X) || X <- T],
     [erlang:phash2(X, 1000) || X <- T],
     [erlang:phash2(X, 1 bsl 32) || X <- T],
     [erlang:phash(X, 1 bsl 32) || X <- T],
     [erlang:phash(X, 97) || X <- T],
     [err(fun() -> erlang:phash2(a, R) end) || R <- [0, -1, 1 bsl 32 + 1, foo, 1.0]],
     [err(fun() -> erlang:phash(a, R) end) || R <- [0, 1 bsl 32 + 1]],
     sets:to_list(S2), sets:size(S2), sets:is_element(w8, S2),
     sets:to_list(sets:from_list([c, b, a], [{version, 2}])),
     dict:to_list(D2), dict:fetch(w3, D2), dict:find(w5, D2),
     sets:to_list(sets:union(sets:from_list([1, 2, 3]), sets:from_list([3, 4, 5])))}.

err(F) ->
    try F() catch Class:Reason -> {Class, Reason} end.
