-module(cli_shop_counter).
-behaviour(gen_server).
-export([start_link/0, init/1, handle_call/3, handle_cast/2]).
start_link() -> gen_server:start_link({local, ?MODULE}, ?MODULE, 0, []).
init(N) -> {ok, N}.
handle_call(get, _From, N) -> {reply, N, N};
handle_call(app, _From, N) -> {reply, application:get_application(), N}.
handle_cast({add, K}, N) -> {noreply, N + K}.
