%% Errors from BIFs, caught: class, reason, and the failing BIF with its arguments.
-module(exc_bif_errors).
-export([main/0]).

main() ->
    probe(1, []).

probe(9, Acc) -> lists:reverse(Acc, []);
probe(I, Acc) ->
    R = try run(I) catch C:Reason:S -> {C, Reason, bif_of(S)} end,
    probe(I + 1, [R | Acc]).

run(1) -> element(9, {a, b});
run(2) -> atom_to_list("not an atom");
run(3) -> id(x) - id(1);
run(4) -> id(10) div id(0);
run(5) -> list_to_integer("12z");
run(6) -> hd(id([]));
run(7) -> length(id([a | b]));
run(8) -> setelement(0, {a}, b).

id(X) -> X.

bif_of([{M, F, Args, Loc} | _]) -> {M, F, Args, Loc}.
