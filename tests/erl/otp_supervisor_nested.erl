%% Nested supervisor trees: a supervisor child of a supervisor; shutdown order (children
%% stop last-started first); simple_one_for_one children; count and which_children.
-module(otp_supervisor_nested).
-behaviour(supervisor).
-export([main/0, init/1, start_worker/2, worker/2]).
init(top) ->
    {ok, {#{strategy => rest_for_one},
          [#{id => log, start => {?MODULE, start_worker, [log, none]}},
           #{id => mid, start => {supervisor, start_link, [?MODULE, mid]}, type => supervisor},
           #{id => pool, start => {supervisor, start_link, [{local, pool}, ?MODULE, pool]},
             type => supervisor}]}};
init(mid) ->
    {ok, {#{strategy => one_for_all},
          [#{id => a, start => {?MODULE, start_worker, [a, log]}},
           #{id => b, start => {?MODULE, start_worker, [b, log]}}]}};
init(pool) ->
    {ok, {#{strategy => simple_one_for_one},
          [#{id => p, start => {?MODULE, start_worker, []}, restart => temporary}]}}.
start_worker(Name, Log) -> {ok, spawn_link(?MODULE, worker, [Name, Log])}.
worker(Name, Log) ->
    process_flag(trap_exit, true),
    case Name of
        _ when is_atom(Name) -> register(Name, self());
        _ -> ok
    end,
    loop(Name, Log, []).
loop(Name, Log, Seen) ->
    receive
        {'EXIT', _, shutdown} ->
            case Log of
                none -> ok;
                _ -> Log ! {stopped, Name}
            end,
            exit(shutdown);
        {stopped, Who} -> loop(Name, Log, [Who | Seen]);
        {seen, From} -> From ! {seen, lists:reverse(Seen)}, loop(Name, Log, Seen);
        {ping, From} -> From ! {pong, Name}, loop(Name, Log, Seen)
    end.
main() ->
    process_flag(trap_exit, true),
    {ok, Top} = supervisor:start_link(?MODULE, top),
    {ok, P1} = supervisor:start_child(pool, [{n, 1}, log]),
    {ok, P2} = supervisor:start_child(pool, [{n, 2}, log]),
    A = supervisor:count_children(pool),
    B = [Id || {Id, _, _, _} <- supervisor:which_children(Top)],
    P1 ! {ping, self()},
    C = receive {pong, X} -> X end,
    D = supervisor:terminate_child(pool, P2),
    E = length(supervisor:which_children(pool)),
    ok = supervisor:terminate_child(Top, pool),
    ok = supervisor:terminate_child(Top, mid),
    log ! {seen, self()},
    F = receive {seen, S} -> S end,
    exit(Top, shutdown),
    receive {'EXIT', Top, shutdown} -> ok end,
    {A, B, C, D, E, F, is_process_alive(P1), whereis(log), whereis(pool)}.
