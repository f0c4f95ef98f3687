%% References: unique, comparable, usable as keys and in messages.
-module(proc_make_ref).
-export([main/0]).

main() ->
    A = make_ref(),
    B = make_ref(),
    Self = self(),
    spawn(fun() -> Self ! {A, echo} end),
    C = receive {A, X} -> X; {B, _} -> wrong end,
    M = #{A => a, B => b},
    {A =:= A, A =/= B, is_reference(A), is_reference(self()), C, maps:get(B, M), A == B}.
