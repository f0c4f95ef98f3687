%% stdlib group: key-list functions on tuples (keyfind, keymember,
%% keydelete, keyreplace, keystore, keysort, ukeysort), zip/unzip, split.
-module(stdlib_lists_keys).
-export([main/0]).

main() ->
    KL = [{b, 2}, {a, 1}, {c, 3}, {a, 4}],
    {lists:keyfind(a, 1, KL), lists:keyfind(z, 1, KL), lists:keymember(c, 1, KL),
     lists:keydelete(a, 1, KL), lists:keyreplace(b, 1, KL, {b, 20}),
     lists:keystore(d, 1, KL, {d, 5}), lists:keysort(1, KL), lists:keysort(2, KL),
     lists:ukeysort(1, KL), lists:zip([1, 2, 3], [x, y, z]),
     lists:unzip([{1, x}, {2, y}]), lists:split(2, [a, b, c, d, e]),
     lists:subtract([1, 2, 3, 2], [2]), lists:delete(2, [1, 2, 3, 2])}.
