-module(map_update).
-export([main/0]).
id(X) -> X.
set(M, K, V) -> M#{K => V}.
upd(M, K, V) -> M#{K := V}.
main() ->
    M0 = id(#{}),
    M1 = M0#{a => 1, b => 2},
    M2 = M1#{c => 3, a => 10},
    M3 = M2#{b := 20},
    M4 = set(M3, id(d), 4),
    M5 = upd(M4, id(d), 40),
    M6 = M5#{id(e) => id(5), id(f) => id(6), id(a) => id(100)},
    M7 = (id(M6))#{a := 1, b := 2, c := 3},
    Same = upd(M7, a, 1),
    {M1, M2, M3, M4, M5, M6, M7, Same, M7 =:= Same, M0, (id(#{x => 1}))#{}}.
