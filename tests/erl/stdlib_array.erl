%% OTP's array.
-module(stdlib_array).
-export([main/0]).

main() ->
    A = array:from_list([a, b, c]),
    A2 = array:set(10, z, A),
    {array:size(A2), array:get(1, A2), array:get(5, A2), array:to_list(array:resize(4, A2)),
     array:sparse_to_orddict(A2), array:foldl(fun(I, V, Acc) -> [{I, V} | Acc] end, [], A)}.
