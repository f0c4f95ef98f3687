-module(map_nested).
-export([main/0]).
id(X) -> X.
deep(0) -> #{leaf => true};
deep(N) -> #{level => N, child => deep(N - 1)}.
depth(#{child := C}) -> 1 + depth(C);
depth(#{leaf := true}) -> 0.
get_in([], V) -> V;
get_in([K | Ks], M) -> get_in(Ks, maps:get(K, M)).
put_in([K], V, M) -> M#{K => V};
put_in([K | Ks], V, M) -> M#{K => put_in(Ks, V, case M of #{K := S} -> S; _ -> #{} end)}.
main() ->
    D = deep(id(50)),
    Keyed = #{#{a => 1} => map_key, #{} => empty_key, [#{b => 2}] => list_key,
              {#{c => 3}} => tuple_key},
    Cfg = id(#{db => #{host => "h", port => 5432}, log => #{level => info}}),
    {depth(D), get_in([child, child, level], D), deep(id(3)),
     maps:get(id(#{a => 1}), Keyed), maps:get(id(#{}), Keyed), maps:get(id([#{b => 2}]), Keyed),
     maps:find(id(#{a => 1.0}), Keyed), Keyed,
     get_in([db, port], Cfg), put_in([db, port], 1, Cfg), put_in([x, y, z], 1, Cfg)}.
