%% A ring of 10,000 processes; a token goes around it three times.
-module(proc_ring).
-export([main/0]).

main() ->
    N = 10000,
    First = make_ring(N, self()),
    First ! {token, 3 * N},
    wait_done(N).

make_ring(0, Next) -> Next;
make_ring(K, Next) -> make_ring(K - 1, spawn(fun() -> relay(Next) end)).

relay(Next) ->
    receive
        {token, 0} -> relay_done(Next);
        {token, Left} -> Next ! {token, Left - 1}, relay(Next)
    end.

relay_done(_) -> ok.

wait_done(N) ->
    receive
        {token, Left} -> {main_saw, Left, N}
    end.
