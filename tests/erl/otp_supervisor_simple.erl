%% simple_one_for_one: many children, terminate_child by pid, which_children and
%% count_children, check_childspecs, children stopped at shutdown.
-module(otp_supervisor_simple).
-behaviour(supervisor).
-export([main/0, init/1, start_worker/1, worker/1]).
init(pool) ->
    {ok, {#{strategy => simple_one_for_one, intensity => 1, period => 5},
          [#{id => w, start => {?MODULE, start_worker, []}, shutdown => brutal_kill}]}}.
start_worker(N) -> {ok, spawn_link(?MODULE, worker, [N])}.
worker(N) -> receive {get, From} -> From ! {n, N}, worker(N) end.
main() ->
    process_flag(trap_exit, true),
    {ok, Sup} = supervisor:start_link(?MODULE, pool),
    Pids = [element(2, supervisor:start_child(Sup, [N])) || N <- lists:seq(1, 5)],
    A = supervisor:count_children(Sup),
    B = [begin P ! {get, self()}, receive {n, N} -> N end end || P <- Pids],
    C = supervisor:terminate_child(Sup, lists:nth(2, Pids)),
    D = length(supervisor:which_children(Sup)),
    E = supervisor:terminate_child(Sup, self()),
    F = supervisor:check_childspecs([#{id => x, start => {m, f, []}}]),
    G = element(1, supervisor:check_childspecs([#{id => x}])),
    Refs = [monitor(process, P) || P <- Pids],
    exit(Sup, shutdown),
    receive {'EXIT', Sup, shutdown} -> ok end,
    H = [receive {'DOWN', R, process, _, Why} -> Why end || R <- Refs],
    {A, B, C, D, E, F, G, H}.
