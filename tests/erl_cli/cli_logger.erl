%% logger's default handler as erl -noshell prints it: levels below notice filtered out, the
%% ?LOG_* macros, error_logger, reports; with a template without the time (which differs).
-module(cli_logger).
-export([main/0]).
-include_lib("kernel/include/logger.hrl").

main() ->
    ok = logger:update_formatter_config(default, #{template => [level, ": ", msg, "\n"]}),
    logger:error("plain error ~p", [1]),
    logger:warning("a warning"),
    logger:info("not shown"),
    ?LOG_ERROR("macro ~s", ["error"]),
    ?LOG_NOTICE(#{what => report, n => 3}),
    error_logger:error_msg("old api ~w~n", [x]),
    ok = logger_std_h:filesync(default),
    done.
