%% supervisor one_for_one without crashes: which_children, count_children, terminate_child,
%% restart_child, delete_child, start_child, get_childspec; shutdown on exit.
-module(otp_supervisor_one_for_one).
-behaviour(supervisor).
-export([main/0, init/1, start_worker/1, worker/1]).
init(children) ->
    {ok, {#{strategy => one_for_one, intensity => 5, period => 10},
          [#{id => W, start => {?MODULE, start_worker, [W]}} || W <- [w1, w2]]}}.
start_worker(Name) -> {ok, spawn_link(?MODULE, worker, [Name])}.
worker(Name) ->
    register(Name, self()),
    worker_loop(Name).
worker_loop(Name) -> receive {ping, From} -> From ! {pong, Name}, worker_loop(Name) end.
ping(Name) -> Name ! {ping, self()}, receive {pong, N} -> N end.
main() ->
    process_flag(trap_exit, true),
    {ok, Sup} = supervisor:start_link(?MODULE, children),
    A = ping(w1),
    C = [Id || {Id, _, worker, _} <- supervisor:which_children(Sup)],
    D = supervisor:count_children(Sup),
    E = supervisor:terminate_child(Sup, w2),
    F = [{Id, Child} || {Id, Child, _, _} <- supervisor:which_children(Sup), not is_pid(Child)],
    {ok, _} = supervisor:restart_child(Sup, w2),
    G = ping(w2),
    ok = supervisor:terminate_child(Sup, w2),
    H = supervisor:delete_child(Sup, w2),
    I = supervisor:delete_child(Sup, nope),
    {ok, _} = supervisor:start_child(Sup, #{id => w3, start => {?MODULE, start_worker, [w3]}}),
    J = ping(w3),
    K = supervisor:start_child(Sup, #{id => w3, start => {?MODULE, start_worker, [w3]}}),
    {ok, Spec} = supervisor:get_childspec(Sup, w3),
    W1 = whereis(w1),
    Ref = monitor(process, W1),
    exit(Sup, shutdown),
    receive {'EXIT', Sup, shutdown} -> ok end,
    L = receive {'DOWN', Ref, process, W1, Why} -> Why end,
    {A, lists:sort(C), D, E, F, G, H, I, J, element(1, K), maps:get(restart, Spec), L,
     whereis(w1), whereis(w3)}.
