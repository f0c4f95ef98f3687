-module('receive').
-export([wait/0, wait_timeout/0, send/2]).

wait() ->
    receive
        {message, X} -> X
    end.

wait_timeout() ->
    receive
        X -> X
    after 100 -> timeout
    end.

send(Pid, Message) -> Pid ! Message.
