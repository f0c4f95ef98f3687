-module(moves).
-export([swap/2, first/1, head/1, cons/2]).

swap(A, B) -> {B, A}.

first({A, _}) -> A.

head([H | _]) -> H.

cons(H, T) -> [H | T].
