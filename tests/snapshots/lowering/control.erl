-module(control).
-export([select/1, compare/2, kind/1, arity/1]).

select(1) -> one;
select(2) -> two;
select(3) -> three;
select(_) -> other.

compare(A, B) when A < B -> less;
compare(A, B) when A =:= B -> equal;
compare(_, _) -> greater.

kind(X) when is_atom(X) -> atom;
kind(X) when is_list(X) -> list;
kind(_) -> other.

arity({_}) -> one;
arity({_, _}) -> two.
