%% Run-length encoding and decoding of strings and atom lists.
-module(rle).
-export([main/0]).

main() ->
    S = "aaabccddddde" ++ dup($z, 300),
    E = encode(S),
    {E, decode(E) =:= S, encode([a, a, b, b, b, c]), encode([]),
     decode([{x, 3}, {y, 0}, {z, 2}])}.

encode([]) -> [];
encode([H | T]) -> encode(T, H, 1).

encode([H | T], H, N) -> encode(T, H, N + 1);
encode([H | T], C, N) -> [{C, N} | encode(T, H, 1)];
encode([], C, N) -> [{C, N}].

decode([]) -> [];
decode([{C, N} | T]) -> dup(C, N) ++ decode(T).

dup(_, 0) -> [];
dup(C, N) -> [C | dup(C, N - 1)].
