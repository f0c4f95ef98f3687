%% Messages from one sender arrive in the order sent.
-module(proc_order).
-export([main/0]).

main() ->
    Self = self(),
    spawn(fun() -> [Self ! {seq, I} || I <- seq(1, 1000)], Self ! last end),
    receive last -> ok end,
    check(1).

check(N) ->
    receive
        {seq, N} -> check(N + 1);
        {seq, Other} -> {out_of_order, N, Other}
    after 0 -> {in_order, N - 1}
    end.

seq(A, B) when A > B -> [];
seq(A, B) -> [A | seq(A + 1, B)].
