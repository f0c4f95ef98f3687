-module(cli_shop_flaky).
-behaviour(gen_server).
-export([start_link/0, init/1, handle_call/3, handle_cast/2]).
start_link() -> gen_server:start_link({local, ?MODULE}, ?MODULE, [], []).
init([]) -> {ok, calm}.
handle_call(boom, _From, _State) -> erlang:error({boom, 42}).
handle_cast(_, State) -> {noreply, State}.
