%% A process in an endless loop does not keep a timer-driven process from running.
-module(proc_runaway).
-export([main/0]).

main() ->
    Runaway = spawn(fun() -> spin(0) end),
    Self = self(),
    spawn(fun() -> tick(Self, 5) end),
    Ticks = collect_ticks(0),
    exit(Runaway, kill),
    {Ticks, receive after 10 -> is_process_alive(Runaway) end}.

spin(N) -> spin(N + 1).

tick(Parent, 0) -> Parent ! done;
tick(Parent, K) ->
    receive after 5 -> ok end,
    Parent ! tick,
    tick(Parent, K - 1).

collect_ticks(N) ->
    receive
        tick -> collect_ticks(N + 1);
        done -> N
    end.
