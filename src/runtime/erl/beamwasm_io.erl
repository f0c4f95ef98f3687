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
    [{binary, false}, {encoding, unicode}];
request({setopts, _}) ->
    ok;
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
    case beamwasm:put_chars(Encoding, Chars) of
        ok -> ok;
        _ -> {error, put_chars}
    end.
