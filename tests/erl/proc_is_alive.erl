%% is_process_alive/1 and self/0 across a process's life.
-module(proc_is_alive).
-export([main/0]).

main() ->
    Self = self(),
    P = spawn(fun() -> receive {go, From} -> From ! {me, self()} end end),
    A = is_process_alive(P),
    P ! {go, Self},
    B = receive {me, Q} -> Q =:= P end,
    receive after 10 -> ok end,
    C = is_process_alive(P),
    D = is_process_alive(self()),
    E = try is_process_alive(not_a_pid) catch error:Why -> Why end,
    {A, B, C, D, E, is_pid(Self), Self =:= self()}.
