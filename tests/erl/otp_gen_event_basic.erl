%% gen_event: add handlers, notify, sync_notify, call, delete, which_handlers, swap.
-module(otp_gen_event_basic).
-behaviour(gen_event).
-export([main/0, init/1, handle_event/2, handle_call/2, handle_info/2, terminate/2]).
init({Id, Acc}) -> {ok, {Id, Acc}}.
handle_event({add, N}, {Id, Acc}) -> {ok, {Id, Acc + N}};
handle_event(crash, {Id, _}) when Id =:= b -> erlang:error(boom);
handle_event(_, S) -> {ok, S}.
handle_call(get, S = {_, Acc}) -> {ok, Acc, S};
handle_call(remove, {_, Acc}) -> {remove_handler, Acc}.
handle_info(_, S) -> {ok, S}.
terminate(Arg, {Id, Acc}) -> {terminated, Id, Acc, case Arg of {error, _} -> error; _ -> Arg end}.
main() ->
    {ok, M} = gen_event:start_link(),
    ok = gen_event:add_handler(M, {?MODULE, a}, {a, 0}),
    ok = gen_event:add_handler(M, {?MODULE, b}, {b, 100}),
    ok = gen_event:notify(M, {add, 1}),
    ok = gen_event:sync_notify(M, {add, 2}),
    A = gen_event:call(M, {?MODULE, a}, get),
    B = gen_event:call(M, {?MODULE, b}, get),
    W1 = lists:sort(gen_event:which_handlers(M)),
    D = gen_event:delete_handler(M, {?MODULE, a}, stop),
    R = gen_event:call(M, {?MODULE, b}, remove),
    W2 = gen_event:which_handlers(M),
    E = gen_event:call(M, {?MODULE, a}, get),
    ok = gen_event:stop(M),
    {A, B, W1, D, R, W2, E}.
