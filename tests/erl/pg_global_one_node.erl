%% `pg` and `global` on one node, as erl runs them without distribution: groups joined,
%% left and emptied by a member's exit; names registered, refused twice, sent to, and freed
%% by their owner's exit; a global lock; nodes/2 and net_kernel:monitor_nodes/1,2.
-module(pg_global_one_node).
-export([main/0]).

main() ->
    {ok, _} = pg:start_link(),
    ok = pg:join(workers, self()),
    P = spawn(fun() -> receive stop -> ok end end),
    ok = pg:join(workers, [P, P]),
    Members = lists:sort(pg:get_members(workers)) =:= lists:sort([self(), P, P]),
    Local = length(pg:get_local_members(workers)),
    Groups = pg:which_groups(),
    ok = pg:leave(workers, P),
    After = length(pg:get_members(workers)),
    G = {global:register_name(gfoo, self()), global:whereis_name(gfoo) =:= self(),
         global:register_name(gfoo, self()), global:register_name(gbar, P),
         lists:sort(global:registered_names()), global:send(gbar, stop) =:= P,
         global:unregister_name(gfoo), global:whereis_name(gfoo)},
    Ref = monitor(process, P),
    receive {'DOWN', Ref, _, _, _} -> ok end,
    timer:sleep(20),
    Gone = {length(pg:get_members(workers)), global:whereis_name(gbar)},
    Lock = global:trans({lock, self()}, fun() -> in_trans end),
    Nodes = {erlang:nodes(visible, #{connection_id => true}),
             erlang:nodes(this, #{connection_id => true, node_type => true}),
             erlang:nodes([this, known], #{}),
             [try erlang:nodes(A, O) catch C:R -> {C, R} end
              || {A, O} <- [{bad, #{}}, {this, #{bad => true}}, {this, #{node_type => 1}}]]},
    Monitor = {net_kernel:monitor_nodes(true), net_kernel:monitor_nodes(false),
               net_kernel:monitor_nodes(true, [connection_id]),
               net_kernel:monitor_nodes(false, [connection_id])},
    {Members, Local, Groups, After, G, Gone, Lock, Nodes, Monitor}.
