%% gen_event: swap_handler, add_sup_handler and gen_event_EXIT on delete, handler returning
%% remove_handler from an event, notify to a named manager, stop with terminate args.
-module(otp_gen_event_swap).
-behaviour(gen_event).
-export([main/0, init/1, handle_event/2, handle_call/2, terminate/2]).
init({swap_args, {old_state, S}}) -> {ok, {new, S}};
init(S) -> {ok, S}.
handle_event(remove_me, _) -> remove_handler;
handle_event(E, S) when is_integer(E), is_integer(S) -> {ok, S + E};
handle_event(_, S) -> {ok, S}.
handle_call(get, S) -> {ok, S, S};
handle_call(swap, S) -> {swap_handler, ok, swapped, S, {?MODULE, two}, swap_args}.
terminate(swapped, S) -> {old_state, S};
terminate(_, S) -> S.
main() ->
    {ok, M} = gen_event:start_link({local, swap_mgr}),
    ok = gen_event:add_handler(swap_mgr, {?MODULE, one}, 10),
    gen_event:notify(swap_mgr, 5),
    A = gen_event:call(swap_mgr, {?MODULE, one}, get),
    B = gen_event:call(swap_mgr, {?MODULE, one}, swap),
    C = gen_event:call(swap_mgr, {?MODULE, two}, get),
    D = gen_event:which_handlers(swap_mgr),
    ok = gen_event:add_sup_handler(swap_mgr, {?MODULE, sup}, 0),
    ok = gen_event:sync_notify(swap_mgr, remove_me),
    E = receive {gen_event_EXIT, H, Why} -> {H, Why} after 1000 -> none end,
    F = gen_event:which_handlers(swap_mgr),
    ok = gen_event:stop(M),
    {A, B, C, D, E, F, whereis(swap_mgr)}.
