%% is_function/2 and is_bitstring/1 in guards, over values without funs or binaries.
-module(type_tests2).
-export([main/0, id/1]).

id(X) -> X.

main() ->
    Values = [id(0), id(a), id([]), id({f, 1}), id([1, 2])],
    [{fun2(V, 1), fun2(V, id(x)), fun1(V), bits(V)} || V <- Values].

fun2(F, A) when is_function(F, A) -> yes;
fun2(_, _) -> no.

fun1(F) when is_function(F, 1) -> yes;
fun1(_) -> no.

bits(B) when is_bitstring(B) -> yes;
bits(_) -> no.
