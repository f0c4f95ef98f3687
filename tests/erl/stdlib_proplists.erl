%% OTP's proplists, orddict and ordsets.
-module(stdlib_proplists).
-export([main/0]).

main() ->
    P = [{a, 1}, b, {c, 3}, {a, 4}],
    D = orddict:store(b, 2, orddict:from_list([{c, 3}, {a, 1}])),
    {proplists:get_value(a, P), proplists:get_all_values(a, P), proplists:get_bool(b, P),
     proplists:lookup(c, P), proplists:delete(a, P), proplists:get_keys(P),
     D, orddict:fetch(b, D), orddict:find(z, D), orddict:to_list(orddict:erase(a, D)),
     ordsets:union([1, 3, 5], [2, 3]), ordsets:intersection([1, 3, 5], [3, 5, 7]),
     ordsets:subtract([1, 2, 3], [2])}.
