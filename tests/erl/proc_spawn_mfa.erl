%% spawn/3, spawn_monitor/3, spawn_opt/2 with options, and spawn of undef. (OTP 25's
%% erl crashes on spawn/1 of a fun of arity 1, so that badarg case is not here.)
-module(proc_spawn_mfa).
-export([main/0, worker/2]).

main() ->
    Self = self(),
    spawn(?MODULE, worker, [Self, 1]),
    A = receive {worker, 1, Pid} -> is_pid(Pid) end,
    {P2, M2} = spawn_monitor(?MODULE, worker, [Self, 2]),
    B = receive {worker, 2, P2} -> ok end,
    C = receive {'DOWN', M2, process, P2, Why} -> Why end,
    {P3, M3} = spawn_opt(fun() -> exit(opt) end, [monitor]),
    D = receive {'DOWN', M3, process, P3, W3} -> W3 end,
    {P4, M4} = spawn_monitor(no_such_module, start, [1, 2]),
    E = receive {'DOWN', M4, process, P4, W4} -> W4 end,
    {A, B, C, D, E}.

worker(Parent, N) -> Parent ! {worker, N, self()}.
