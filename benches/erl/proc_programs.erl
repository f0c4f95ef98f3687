%% Programs the process benchmark runs on beamwasm and on OTP 25: a ring of processes passing
%% a token, and spawning processes that report back. Each returns a checksum.
-module(proc_programs).
-export([ring/0, spawn_many/0]).

%% A ring of 1,000 relays and the caller; the token makes 100 laps: 100,100 messages.
ring() ->
    First = chain(1000, self()),
    laps(First, 100, 0).

chain(0, Next) -> Next;
chain(K, Next) -> chain(K - 1, spawn(fun() -> relay(Next) end)).

relay(Next) ->
    receive
        {token, N} -> Next ! {token, N + 1}, relay(Next);
        stop -> Next ! stop
    end.

laps(First, 0, Hops) ->
    First ! stop,
    receive stop -> Hops end;
laps(First, Left, Hops) ->
    First ! {token, 0},
    receive {token, N} -> laps(First, Left - 1, Hops + N + 1) end.

%% 20,000 processes, each sending one message back and ending.
spawn_many() ->
    Self = self(),
    N = 20000,
    spawn_loop(N, Self),
    collect(N, 0).

spawn_loop(0, _) -> ok;
spawn_loop(K, Parent) ->
    spawn(fun() -> Parent ! {n, K} end),
    spawn_loop(K - 1, Parent).

collect(0, Sum) -> Sum;
collect(K, Sum) -> receive {n, V} -> collect(K - 1, Sum + V) end.
