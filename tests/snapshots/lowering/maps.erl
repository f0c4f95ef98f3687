% Named like OTP's maps module: compile it in a directory without a maps.beam (erl would load
% that one at start).
-module(maps).
-export([new/2, lookup/1, update/2, get/2]).

new(K, V) -> #{K => V}.

lookup(#{a := A}) -> A.

update(M, V) -> M#{a := V}.

get(K, M) -> map_get(K, M).
