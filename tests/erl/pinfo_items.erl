%% process_info/2 of a waiting process: each deterministic item exactly, the others' types.
-module(pinfo_items).
-export([main/0, waiter/1]).
waiter(Parent) ->
    put(color, blue),
    put({k, 1}, [a, b]),
    process_flag(trap_exit, true),
    Parent ! ready,
    receive stop -> ok end.
main() ->
    P = spawn(?MODULE, waiter, [self()]),
    receive ready -> ok end,
    register(pinfo_waiter, P),
    link(P),
    Ref = monitor(process, P),
    P ! hello,
    P ! {two, "msgs"},
    Self = self(),
    {links, [Self]} = process_info(P, links),
    {monitored_by, [Self]} = process_info(P, monitored_by),
    {status, S} = process_info(P, status),
    true = lists:member(S, [waiting, runnable, running]),
    Exact = [process_info(P, I) || I <- [registered_name, message_queue_len, messages,
                                          trap_exit, initial_call,
                                          priority, error_handler, min_heap_size,
                                          min_bin_vheap_size, suspending, last_calls,
                                          sequential_trace_token, trace, message_queue_data,
                                          current_function]],
    {dictionary, D} = process_info(P, dictionary),
    Types = [case process_info(P, I) of {I, V} when is_integer(V), V >= 0 -> int; X -> X end
             || I <- [heap_size, total_heap_size, stack_size, reductions, memory]],
    {group_leader, GL} = process_info(P, group_leader),
    {garbage_collection, GC} = process_info(P, garbage_collection),
    GCKeys = [K || {K, _} <- GC],
    unregister(pinfo_waiter),
    Unreg = process_info(P, registered_name),
    demonitor(Ref),
    unlink(P),
    P ! stop,
    {process_info(self(), status), Exact, lists:sort(D), Types, is_pid(GL), GCKeys, proplists:get_value(min_heap_size, GC),
     Unreg}.
