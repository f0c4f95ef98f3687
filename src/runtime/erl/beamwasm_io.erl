%% The group leader of every beamwasm process: it speaks OTP's io protocol (the requests
%% io and io_lib send) and writes to standard output through the beamwasm:put_chars/2 BIF.
%% It is beamwasm's own code, compiled by build.rs, not a copy of OTP's group or user modules.
-module(beamwasm_io).
-export([loop/0]).

loop() ->
    receive
        {io_request, From, ReplyAs, Request} ->
            From ! {io_reply, ReplyAs, request(Request)},
            loop();
        _Other ->
            loop()
    end.

request({put_chars, Encoding, Chars}) ->
    put_chars(Encoding, Chars);
request({put_chars, Encoding, Module, Function, Args}) ->
    try apply(Module, Function, Args) of
        Chars -> put_chars(Encoding, Chars)
    catch
        _:_ -> {error, {Module, Function, Args}}
    end;
request({put_chars, Chars}) ->
    put_chars(latin1, Chars);
request({put_chars, Module, Function, Args}) ->
    request({put_chars, latin1, Module, Function, Args});
request({requests, Requests}) ->
    requests(Requests, ok);
request({get_geometry, _}) ->
    {error, enotsup};
request(getopts) ->
    [{binary, option(binary)}, {encoding, option(encoding)}];
request({setopts, Opts}) ->
    setopts(Opts);
request({get_chars, _, _, _}) ->
    eof;
request({get_chars, _, _}) ->
    eof;
request({get_line, _, _}) ->
    eof;
request({get_line, _}) ->
    eof;
request({get_until, _, _, _, _, _}) ->
    eof;
request({get_until, _, _, _, _}) ->
    eof;
request(_) ->
    {error, request}.

requests([], Result) ->
    Result;
requests([Request | Rest], ok) ->
    requests(Rest, request(Request));
requests(_, Error) ->
    Error.

put_chars(Encoding, Chars) ->
    case beamwasm:put_chars(option(encoding), Encoding, Chars) of
        ok -> ok;
        _ -> {error, put_chars}
    end.

%% The device's options, kept in this process's dictionary: latin1 lists by default, as the
%% standard output of `erl -noshell` has them; `elixir` sets binary and unicode.
option(Name) ->
    case get(Name) of
        undefined -> default(Name);
        Value -> Value
    end.

default(binary) -> false;
default(encoding) -> latin1.

setopts(Opts) when is_list(Opts) ->
    case lists:all(fun valid_option/1, Opts) of
        true ->
            lists:foreach(fun set_option/1, Opts),
            ok;
        false ->
            {error, enotsup}
    end;
setopts(_) ->
    {error, enotsup}.

valid_option({encoding, E}) -> lists:member(E, [latin1, unicode, utf8]);
valid_option({binary, B}) -> is_boolean(B);
valid_option(binary) -> true;
valid_option(list) -> true;
valid_option(_) -> false.

set_option({encoding, utf8}) -> put(encoding, unicode);
set_option({encoding, E}) -> put(encoding, E);
set_option({binary, B}) -> put(binary, B);
set_option(binary) -> put(binary, true);
set_option(list) -> put(binary, false).
