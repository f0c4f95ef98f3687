-module(cli_shop_door).
-behaviour(gen_statem).
-export([start_link/0, init/1, callback_mode/0, locked/3, open/3]).
start_link() -> gen_statem:start_link({local, ?MODULE}, ?MODULE, 1234, []).
init(Code) -> {ok, locked, #{code => Code, tries => 0}}.
callback_mode() -> [state_functions, state_enter].
locked(enter, _Old, Data) -> {keep_state, Data};
locked({call, From}, {code, Code}, #{code := Code} = Data) ->
    {next_state, open, Data#{tries := 0}, [{reply, From, opened}]};
locked({call, From}, {code, _}, #{tries := T} = Data) ->
    {keep_state, Data#{tries := T + 1}, [{reply, From, {wrong, T + 1}}]};
locked({call, From}, _, _Data) ->
    {keep_state_and_data, [{reply, From, locked}]}.
open(enter, _Old, Data) -> {keep_state, Data};
open({call, From}, push, _Data) -> {keep_state_and_data, [{reply, From, walked_in}]};
open({call, From}, close, Data) -> {next_state, locked, Data, [{reply, From, closed}]}.
