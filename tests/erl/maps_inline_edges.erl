-module(maps_inline_edges).
-export([main/0]).

%% The inline map paths (immediate keys in flatmaps and in large maps' trees, updates of
%% present keys) and every fallback to the host: absent keys, no map, keys that are no
%% immediates, floats beside integers, maps across the 32-key line, small-integer limits,
%% nodes whose keys are no small integers, and updates that share a keys tuple living through
%% collections.

id(X) -> X.

catching(F) ->
    try F() of
        V -> {ok, V}
    catch
        C:R:S -> {C, R, top(S)}
    end.

%% The failing BIF's own frame, where there is one: its arguments when they are no large
%% maps (which OTP prints in its hash order, beamwasm in key order).
top([{M, F, A, _} | _]) when M =:= erlang; M =:= maps ->
    {M, F, [case is_map(X) andalso map_size(X) > 32 of true -> large; false -> X end || X <- A]};
top(_) -> other.

seq(A, B) when A > B -> [];
seq(A, B) -> [A | seq(A + 1, B)].

ints(N) -> maps:from_list([{I, I * 10} || I <- seq(1, N)]).

%% Guards: is_map_key/2, map_get/2, map patterns (get_map_elements / has_map_fields).
g_key(K, M) when is_map_key(K, M) -> {has, K};
g_key(K, M) when is_map(M) -> {lacks, K};
g_key(K, _) -> {nomap, K}.

g_get(K, M) when map_get(K, M) > 5 -> {gt5, K};
g_get(K, M) when is_map(M), is_map_key(K, M) -> {le5, K};
g_get(K, _) -> {fails, K}.

g_match(#{a := A, b := B}) -> {ab, A, B};
g_match(#{a := A}) -> {a, A};
g_match(#{1 := One}) -> {one, One};
g_match(#{-1 := M}) -> {minus_one, M};
g_match(#{[] := N}) -> {nil, N};
g_match(#{{t} := T}) -> {tuple, T};
g_match(#{<<"bin">> := Bin}) -> {bin, Bin};
g_match(#{1.0 := F}) -> {float, F};
g_match(M) when is_map(M) -> {other, map_size(M)};
g_match(X) -> {nomap, X}.

g_fields(#{a := _, c := _}) -> ac;
g_fields(#{b := _}) -> b;
g_fields(_) -> none.

%% Struct-like maps (atom keys, a `__struct__`).
struct_get(#{'__struct__' := user, name := N, age := A}) -> {user, N, A};
struct_get(#{'__struct__' := S}) -> {struct, S};
struct_get(_) -> no_struct.

birthday(U = #{'__struct__' := user, age := A}) -> U#{age := A + 1}.

%% An update in a guard: a fail label on put_map_exact.
g_update(M) when map_size(M#{a := 1}) > 0 -> updatable;
g_update(_) -> not_updatable.

flat_cases() ->
    M = id(#{a => 1, b => 2, c => 3, 1 => one, -1 => minus_one, [] => nil}),
    Lit = #{x => 1, y => 2},
    {g_key(a, M), g_key(z, M), g_key(1, M), g_key(1.0, M), g_key(a, id(nomap)),
     g_key({t}, id(#{{t} => 1})), g_key({u}, id(#{{t} => 1})),
     g_get(a, M), g_get(a, id(#{a => 9})), g_get(z, M), g_get(a, id(3)), g_get(a, id(#{a => x})),
     g_match(M), g_match(id(#{a => 7})), g_match(id(#{1 => 2})), g_match(id(#{-1 => 2})),
     g_match(id(#{[] => 2})), g_match(id(#{{t} => 2})), g_match(id(#{<<"bin">> => 2})),
     g_match(id(#{1.0 => 2})), g_match(id(#{2 => 2})), g_match(id(not_a_map)),
     g_fields(M), g_fields(id(#{b => 1})), g_fields(id(#{a => 1})), g_fields(id([])),
     map_get(x, Lit), maps:get(y, Lit), Lit#{x := 10}, is_map_key(z, Lit),
     maps:get(a, M), maps:get(-1, M), map_get([], M),
     catching(fun() -> map_get(z, M) end),
     catching(fun() -> maps:get(z, M) end),
     catching(fun() -> map_get(a, id(not_a_map)) end),
     catching(fun() -> maps:get(a, id([])) end),
     catching(fun() -> is_map_key(a, id(7)) end),
     catching(fun() -> (id(#{a => 1}))#{b := 2} end),
     catching(fun() -> (id(not_a_map))#{b := 2} end),
     catching(fun() -> (id(not_a_map))#{b => 2} end),
     catching(fun() -> (id(#{a => 1}))#{a := 2, b := 3} end),
     M#{a := x}, M#{a := x, b := y, c := z}, M#{c := 30, a := 10},
     (id(M))#{b := 1},
     M#{a => new_a}, M#{z => new_z}, M#{a => 1, zz => 2},
     (id(#{}))#{a => 1},
     catching(fun() -> (id(#{}))#{a := 1} end),
     struct_get(id(#{'__struct__' => user, name => "n", age => 41})),
     struct_get(id(#{'__struct__' => other})), struct_get(id(#{name => x})),
     birthday(id(#{'__struct__' => user, name => "n", age => 41})),
     g_update(M), g_update(id(#{b => 1})), g_update(id(no))}.

%% `1` and `1.0` are distinct keys; bignums, tuples, binaries and lists are no immediates.
number_cases() ->
    F = id(#{1.0 => float_one, 2 => int_two}),
    Both = id(#{1 => int, 1.0 => float}),
    Big = id(1 bsl 70),
    Max = id(1 bsl 59 - 1),
    Over = id(1 bsl 59),
    Min = id(-(1 bsl 59)),
    Under = id(-(1 bsl 59) - 1),
    Edge = id(#{Max => max, Over => over, Min => min, Under => under, 0 => zero}),
    Boxed = id(#{{1} => tuple, Big => big, <<"k">> => bin, [1] => list, 2.5 => float}),
    {catching(fun() -> map_get(1, F) end), is_map_key(1, F), is_map_key(1.0, F),
     map_get(1.0, F), catching(fun() -> map_get(2.0, F) end), map_get(2, F),
     catching(fun() -> F#{1 := x} end), F#{1.0 := x}, F#{1 => x},
     map_get(1, Both), map_get(1.0, Both), Both#{1 := i}, Both#{1.0 := f},
     map_get(Max, Edge), map_get(Over, Edge), map_get(Min, Edge), map_get(Under, Edge),
     map_get(0, Edge), is_map_key(Max + 0.0, Edge),
     Edge#{Max := max2, Over := over2}, Edge#{Min := min2},
     catching(fun() -> map_get(Max - 1, Edge) end),
     map_get({1}, Boxed), map_get(Big, Boxed), map_get(<<"k">>, Boxed), map_get([1], Boxed),
     map_get(2.5, Boxed), is_map_key(1 bsl 70 + 1, Boxed), is_map_key({2}, Boxed),
     Boxed#{{1} := t2, Big := b2, <<"k">> := k2},
     catching(fun() -> Boxed#{{2} := x} end),
     catching(fun() -> map_get(Big + 1, Boxed) end),
     g_match(Boxed), g_match(id(#{1 => a, 1.0 => b}))}.

%% Large maps: trees of small integers walked inline, others through the host.
large_cases() ->
    Sizes = [31, 32, 33, 34, 40, 100, 1000],
    [large_case(N) || N <- Sizes] ++ [mixed_large(), negative_large(), edge_large()].

large_case(N) ->
    M = id(ints(N)),
    Sum = lists:sum([map_get(K, M) || K <- seq(1, N)]),
    Has = [K || K <- seq(-2, N + 2), is_map_key(K, M)],
    M2 = lists:foldl(fun(K, Acc) -> Acc#{K := map_get(K, Acc) + 1} end, M, seq(1, N)),
    M3 = lists:foldl(fun(K, Acc) -> Acc#{K => K} end, M, seq(1, N)),
    Grown = M#{N + 1 => grown},
    {N, Sum, length(Has), hd(Has), lists:last(Has),
     lists:sum(maps:values(M2)), lists:sort(maps:to_list(M3)) =:= [{K, K} || K <- seq(1, N)],
     maps:get(N, M), maps:get(N + 1, Grown), map_size(Grown),
     catching(fun() -> map_get(N + 1, M) end),
     catching(fun() -> map_get(0, M) end),
     catching(fun() -> M#{N + 1 := x} end),
     catching(fun() -> M#{0 := x} end),
     catching(fun() -> map_get(1.0, M) end),
     catching(fun() -> M#{1.0 := x} end),
     is_map_key(1.0, M), M#{1.0 => x} =:= M,
     g_match(M), g_get(1, M), g_get(N, M), g_key(N + 1, M),
     maps:get(1, M#{1 := a, 2 := b}), maps:get(2, M#{1 := a, 2 := b}),
     maps:to_list(M#{1 := a}) -- maps:to_list(M)}.

%% Keys of every kind in one tree: a small integer's walk meets nodes it cannot compare.
mixed_large() ->
    Keys = seq(1, 20) ++ [list_to_atom([C]) || C <- seq($a, $t)] ++ [{I} || I <- seq(1, 5)]
        ++ [float(I) || I <- seq(1, 5)] ++ [1 bsl 60 + I || I <- seq(1, 5)],
    M = id(maps:from_list([{K, K} || K <- Keys])),
    Found = [map_get(K, M) =:= K || K <- Keys],
    M2 = lists:foldl(fun(K, Acc) -> Acc#{K := {new, K}} end, M, Keys),
    {map_size(M), lists:all(fun(X) -> X end, Found),
     [map_get(K, M2) || K <- Keys] =:= [{new, K} || K <- Keys],
     catching(fun() -> map_get(21, M) end), catching(fun() -> M#{21 := x} end),
     catching(fun() -> map_get(6.0, M) end), is_map_key(5, M), is_map_key(5.0, M),
     is_map_key(1 bsl 60 + 1, M), is_map_key(1 bsl 60 + 9, M), is_map_key(u, M),
     maps:get(a, M), maps:get(e, M2), g_match(M)}.

negative_large() ->
    M = id(maps:from_list([{I, -I} || I <- seq(-40, 40)])),
    {[map_get(K, M) || K <- [-40, -1, 0, 1, 40]], is_map_key(-41, M), is_map_key(41, M),
     maps:get(-7, M#{-7 := seven}), maps:get(-8, M#{-7 := seven})}.

edge_large() ->
    Ks = [1 bsl 59 - 1, -(1 bsl 59), 1 bsl 59, -(1 bsl 59) - 1 | seq(1, 40)],
    M = id(maps:from_list([{K, K} || K <- Ks])),
    {[map_get(K, M) =:= K || K <- Ks],
     map_get(1 bsl 59 - 1, M#{1 bsl 59 - 1 := max}), map_get(-(1 bsl 59), M#{-(1 bsl 59) := min}),
     catching(fun() -> map_get(1 bsl 59 - 2, M) end)}.

%% Updates that share keys tuples (and large maps' subtrees), kept alive through many
%% collections, then read back.
gc_cases() ->
    Flat = id(maps:from_list([{I, 0} || I <- seq(0, 29)])),
    Large = id(ints(200)),
    {Fs, Ls} = versions(3000, Flat, Large, [], []),
    Garbage = lists:foldl(fun(I, Acc) -> [{I, <<I:64>>} | Acc] end, [], seq(1, 20000)),
    {length(Garbage),
     lists:sum([lists:sum(maps:values(F)) || F <- Fs]),
     lists:sum([lists:sum(maps:values(L)) || L <- Ls]),
     [maps:get(K, hd(Fs)) || K <- seq(0, 29)],
     [maps:get(K, lists:last(Fs)) || K <- seq(0, 29)],
     maps:get(7, hd(Ls)), maps:get(150, lists:last(Ls)),
     maps:keys(hd(Fs)) =:= maps:keys(Flat)}.

versions(0, _, _, Fs, Ls) -> {Fs, Ls};
versions(N, F, L, Fs, Ls) ->
    K = N rem 30,
    J = N rem 200 + 1,
    F2 = F#{K := map_get(K, F) + N},
    L2 = L#{J := maps:get(J, L) + 1},
    Keep = N rem 100 =:= 0,
    versions(N - 1, F2, L2,
             case Keep of true -> [F2 | Fs]; false -> Fs end,
             case Keep of true -> [L2 | Ls]; false -> Ls end).

%% Pids and other immediates as keys.
pid_cases() ->
    P = self(),
    M = id(#{P => me, a => 1}),
    {map_get(P, M), is_map_key(P, M), (M#{P := you}) =:= #{P => you, a => 1}}.

main() ->
    {flat_cases(), number_cases(), large_cases(), gc_cases(), pid_cases()}.
