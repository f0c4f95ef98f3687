%% Fun equality and ordering.
-module(fun_compare).
-export([main/0, e/0]).

main() ->
    A = mk(1),
    B = mk(1),
    C = mk(2),
    E1 = fun fun_compare:e/0,
    E2 = fun fun_compare:e/0,
    {A =:= B, A == B, A =:= C, A < C, E1 =:= E2, E1 =:= A, A < E1,
     1 < A, A < {tuple}, [A] =:= [B]}.

mk(N) -> fun() -> N end.

e() -> ok.
