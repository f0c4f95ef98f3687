%% The process dictionary: put, get, erase, get_keys; each process has its own.
-module(proc_dictionary).
-export([main/0]).

main() ->
    undefined = put(a, 1),
    1 = put(a, 2),
    undefined = put({key, [1]}, "value"),
    put(counter, 0),
    [put(counter, get(counter) + I) || I <- [1, 2, 3, 4]],
    A = {get(a), get({key, [1]}), get(missing), get(counter)},
    B = sort(get_keys()),
    put(b, 2),
    C = sort(get_keys(2)),
    D = erase(a),
    E = get(a),
    Self = self(),
    spawn(fun() -> Self ! {child_sees, get(counter), put(counter, 99)} end),
    F = receive {child_sees, V, Old} -> {V, Old} end,
    G = get(counter),
    H = length(erase()),
    {A, B, C, D, E, F, G, H, get()}.

sort([]) -> [];
sort([P | Rest]) -> sort([X || X <- Rest, X < P]) ++ [P] ++ sort([X || X <- Rest, X >= P]).
