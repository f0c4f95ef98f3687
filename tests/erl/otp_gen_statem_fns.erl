%% gen_statem with state_functions: a door lock; calls, casts, state enter, postpone.
-module(otp_gen_statem_fns).
-behaviour(gen_statem).
-export([main/0, init/1, callback_mode/0, locked/3, open/3, terminate/3]).
callback_mode() -> [state_functions, state_enter].
init(Code) -> {ok, locked, #{code => Code, buf => [], log => []}}.
locked(enter, _Old, D = #{log := L}) -> {keep_state, D#{log := [locked | L]}};
locked({call, From}, {button, B}, D = #{code := Code, buf := Buf}) ->
    Code0 = [B | Buf],
    Full = length(Code0) >= length(Code),
    case lists:reverse(Code0) =:= Code of
        true -> {next_state, open, D#{buf := []}, [{reply, From, open}]};
        false when Full -> {keep_state, D#{buf := []}, [{reply, From, wrong}]};
        false -> {keep_state, D#{buf := Code0}, [{reply, From, more}]}
    end;
locked({call, From}, log, #{log := L}) -> {keep_state_and_data, [{reply, From, lists:reverse(L)}]};
locked(cast, lock, _D) -> keep_state_and_data.
open(enter, _Old, D = #{log := L}) -> {keep_state, D#{log := [open | L]}};
open({call, _From}, {button, _}, _D) -> {keep_state_and_data, [postpone]};
open(cast, lock, D) -> {next_state, locked, D};
open({call, From}, log, D = #{log := L}) -> {keep_state, D, [{reply, From, lists:reverse(L)}]}.
terminate(_, _, _) -> ok.
main() ->
    {ok, P} = gen_statem:start_link(?MODULE, [1, 2, 3], []),
    R1 = [gen_statem:call(P, {button, B}) || B <- [1, 2, 4]],
    R2 = [gen_statem:call(P, {button, B}) || B <- [1, 2, 3]],
    S1 = sys:get_state(P),
    Self = self(),
    spawn(fun() -> Self ! {postponed, gen_statem:call(P, {button, 9})} end),
    L1 = gen_statem:call(P, log),
    gen_statem:cast(P, lock),
    R3 = receive {postponed, X} -> X end,
    L2 = gen_statem:call(P, log),
    ok = gen_statem:stop(P),
    {R1, R2, element(1, S1), R3, L1, L2, is_process_alive(P)}.
