%% 10,000 processes each send their number back.
-module(proc_spawn_many).
-export([main/0]).

main() ->
    Self = self(),
    N = 10000,
    spawn_all(N, Self),
    collect(N, 0).

spawn_all(0, _) -> ok;
spawn_all(K, Parent) ->
    spawn(fun() -> Parent ! {num, K * K} end),
    spawn_all(K - 1, Parent).

collect(0, Sum) -> Sum;
collect(K, Sum) -> receive {num, V} -> collect(K - 1, Sum + V) end.
