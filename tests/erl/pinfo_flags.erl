%% process_flag: trap_exit, priority, min_heap_size, message_queue_data, max_heap_size, and
%% bad flags; process_info shows each.
-module(pinfo_flags).
-export([main/0]).
main() ->
    A = process_flag(priority, high),
    B = process_info(self(), priority),
    C = process_flag(priority, low),
    D = process_flag(priority, normal),
    E = process_flag(message_queue_data, off_heap),
    F = process_info(self(), message_queue_data),
    G = process_flag(message_queue_data, on_heap),
    H = process_flag(trap_exit, true),
    I = process_info(self(), trap_exit),
    J = process_flag(trap_exit, false),
    Bad = [catch process_flag(priority, urgent), catch process_flag(trap_exit, maybe),
           catch process_flag(no_such_flag, true), catch process_flag(message_queue_data, x),
           catch process_flag(min_heap_size, -1)],
    {A, B, C, D, E, F, G, H, I, J, [element(1, element(2, X)) || X <- Bad], min_heap()}.

%% min_heap_size rounds up to the emulator's heap sizes.
min_heap() ->
    Old = process_flag(min_heap_size, 1000),
    A = process_info(self(), min_heap_size),
    B = process_flag(min_heap_size, 5000),
    {garbage_collection, GC} = process_info(self(), garbage_collection),
    C = process_flag(min_heap_size, Old),
    {Old, A, B, proplists:get_value(min_heap_size, GC), C}.
