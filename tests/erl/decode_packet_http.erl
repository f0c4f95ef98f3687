%% erlang:decode_packet/3 for HTTP: request lines (known methods as atoms, others as
%% strings; '*', abs_path, absoluteURI with and without port, other schemes, bare strings;
%% HTTP/0.9 without a version), status lines, header lines (known fields as atoms with their
%% index, names capitalized as OTP does, continuation lines, http_eoh), {http_error, Line},
%% lines not complete yet, and packet_size / line_length limits; http and httph give lists,
%% http_bin and httph_bin binaries. A whole request and a response are walked line by line.
-module(decode_packet_http).
-export([main/0]).

main() ->
    Lines = [
      <<"GET / HTTP/1.1\r\n">>, <<"GET / HTTP/1.1\r\nHost: x\r\n">>, <<"GET /index.html?a=1 HTTP/1.0\n">>,
      <<"POST * HTTP/1.1\r\n">>, <<"OPTIONS * HTTP/1.1\r\n">>, <<"HEAD http://example.com:8080/a/b HTTP/1.1\r\n">>,
      <<"PUT https://example.com/x HTTP/1.1\r\n">>, <<"DELETE http://example.com HTTP/1.1\r\n">>,
      <<"TRACE http://example.com:abc/ HTTP/1.1\r\n">>, <<"GET http://example.com:0/ HTTP/1.1\r\n">>,
      <<"GET http://example.com: HTTP/1.1\r\n">>, <<"GET http://:80 HTTP/1.1\r\n">>,
      <<"GET HTTP://Example.COM/ HTTP/1.1\r\n">>, <<"GET hTTpS://h:443 HTTP/1.1\r\n">>,
      <<"GET ftp://host/file HTTP/1.1\r\n">>, <<"GET foo HTTP/1.1\r\n">>, <<"GET http:/x HTTP/1.1\r\n">>,
      <<"CONNECT host:443 HTTP/1.1\r\n">>, <<"get / HTTP/1.1\r\n">>, <<"PATCH /x HTTP/12.34\r\n">>,
      <<"GET /\r\n">>, <<"GET / \r\n">>, <<"GET  /  HTTP/1.1\r\n">>, <<"GET\t/\tHTTP/1.1\r\n">>,
      <<"GET a HTTP/1.1\r\n">>, <<"GET / HTTP/1\r\n">>, <<"GET / HTTP/x.1\r\n">>, <<"GET / HTTP/1.\r\n">>,
      <<"GET / HTTX/1.1\r\n">>, <<"GET / HTTP/1.1 extra\r\n">>, <<"GET / HT\r\n">>, <<"GET / HTTP/\r\n">>,
      <<"G(T / HTTP/1.1\r\n">>, <<" GET / HTTP/1.1\r\n">>, <<"GET\r\n">>, <<"GET \r\n">>,
      <<"M", 127, " / HTTP/1.1\r\n">>, <<"M", 200, " / HTTP/1.1\r\n">>,
      <<"HTTP/1.1 200 OK\r\n">>, <<"HTTP/1.0 404 Not Found\r\n">>, <<"HTTP/1.1 200\r\n">>, <<"HTTP/1.1 200 \r\n">>,
      <<"HTTP/1.1 abc\r\n">>, <<"HTTP/1.1 200OK\r\n">>, <<"HTTP/1.1\r\n">>, <<"HTTP/1 200 OK\r\n">>,
      <<"HTTP/.1 200 OK\r\n">>, <<"HTTP/1.1  200  Very  Good\r\n">>, <<"HTTP/1.1 200 OK\n">>,
      <<"HTTP/11.22 999 X\r\n">>, <<"HTTP/1.1 \r\n">>, <<"HTTP/1.1\t\t\r\n">>, <<"HTTP/\r\n">>,
      <<"\r\n">>, <<"\n">>, <<"GET / HTTP/1.1">>, <<"GET / HTTP/1.1\r">>, <<"">>, <<"\r\nrest">>,
      <<"GET / HTTP/1.1\r\n\r\n">>, <<"GET / HTTP/1.1\r\n continued\r\n">>, <<"garbage\r\n">>, <<"x\r\n">>,
      <<"GET / HTTP/1.1\rx\n">>
    ],
    Requests = [decode(T, L, []) || T <- [http, http_bin], L <- Lines],
    Headers = [
      <<"Host: example.com">>, <<"host: example.com">>, <<"HOST: example.com">>, <<"content-length: 12">>,
      <<"Content-Type:text/html">>, <<"X-Custom-Header: value">>, <<"x-custom-header: value">>,
      <<"Set-Cookie: a=b">>, <<"Set-Cookie2: a=b">>, <<"Www-Authenticate: Basic">>, <<"WWW-Authenticate: Basic">>,
      <<"Content-MD5: abc">>, <<"Etag: x">>, <<"ETag: x">>, <<"Keep-Alive: 300">>, <<"Proxy-Connection: close">>,
      <<"X-Forwarded-For: 1.2.3.4">>, <<"Cookie: c">>, <<"If-Modified-Since: now">>, <<"Cache-Control: no">>,
      <<"Accept: */*">>, <<"Accept-Encoding: gzip">>, <<"User-Agent: erl">>, <<"Via: x">>, <<"Date: d">>,
      <<"Host:   spaced   ">>, <<"Host:">>, <<"Host:\t\tx">>, <<"Folded: a\r\n b">>, <<"Folded: a\r\n\tb\r\n  c">>,
      <<"NoColon">>, <<"Bad Name: x">>, <<"Bad(Name: x">>, <<": empty">>, <<"Host x">>, <<"Host">>,
      <<"a-b-c: 1">>, <<"A--B: 1">>, <<"-a: 1">>, <<"abc1-2def: x">>, <<"x-FORWARDED-for: y">>,
      <<"A123456789012345678901234567890123456789012345678: long">>,
      <<"A1234567890123456789012345678901234567890123456789: long">>,
      <<"a12345678901234567890123456789012345678901234567890: long">>,
      <<"a1234567890123456789012345678901234567890123456789012345: long">>,
      <<"Host: ", 200, 201>>, <<"H", 200, "st: x">>, <<"Ho", 127, "st: x">>
    ],
    HeaderLines = [decode(T, <<H/binary, "\r\n\r\n">>, []) || T <- [httph, httph_bin], H <- Headers],
    Partial = [decode(T, B, []) || T <- [httph, httph_bin],
                                   B <- [<<"Host: x\r\n">>, <<"Host: x">>, <<"Folded: a\r\n b">>,
                                         <<"Folded: a\r\n b\r\n">>, <<"\r\n">>, <<"\n">>, <<"\r\nrest">>,
                                         <<"Host: x\r\nrest">>, <<"\r">>, <<" x\r\n\r\n">>, <<"\r\n x\r\n">>,
                                         <<"\n\n">>, <<"a:\n b\n">>]],
    Sized = [
      {http, <<"GET / HTTP/1.1\r\n">>, [{packet_size, 10}]}, {http, <<"GET / HTTP/1.1\r\n">>, [{packet_size, 16}]},
      {http, <<"GET / HTTP/1.1\r\n">>, [{packet_size, 15}]}, {http, <<"GET / HTTP/1.1">>, [{packet_size, 10}]},
      {http, <<"GET / HTTP/1.1">>, [{packet_size, 14}]}, {http, <<"GET / HTTP/1.1">>, [{packet_size, 15}]},
      {http, <<"GET / HTTP/1.1\r\n">>, [{line_length, 10}]}, {http, <<"GET / HTTP/1.1\r\n">>, [{line_length, 10}, {packet_size, 100}]},
      {httph, <<"Host: x\r\n more\r\n">>, [{packet_size, 10}]}, {httph, <<"Host: x\r\n more">>, [{packet_size, 10}]},
      {httph, <<"Host: x\r\n more">>, [{packet_size, 100}]}, {httph, <<"Host: x\r\n">>, [{packet_size, 9}]},
      {httph, <<"Host: x\r\n">>, [{packet_size, 8}]}, {httph_bin, <<"Host: x\r\n">>, [{line_length, 8}]},
      {httph_bin, <<"Host: x\r\nY: z\r\n">>, [{packet_size, 9}]}, {http_bin, <<"\r\n">>, [{packet_size, 1}]},
      {http, <<"GET / HTTP/1.1\r\n">>, [{line_delimiter, $x}]}, {http, <<1:7>>, []}, {http, <<"\r\n", 1:1>>, []}
    ],
    Limits = [decode(T, B, O) || {T, B, O} <- Sized],
    Request = <<"POST /submit HTTP/1.1\r\nHost: example.com\r\nContent-Length: 5\r\n"
                "X-Thing: yes\r\n  and more\r\n\r\nhello">>,
    Response = <<"HTTP/1.1 301 Moved\r\nLocation: /new\r\nServer: x\r\n\r\n">>,
    {Requests, HeaderLines, Partial, Limits, walk(http_bin, Request), walk(http, Response)}.

%% The packets of a message, the request or status line first, then its headers.
walk(Type, Bin) ->
    case erlang:decode_packet(Type, Bin, []) of
        {ok, http_eoh, Rest} -> [{eoh, Rest}];
        {ok, Packet, Rest} -> [Packet | walk(headers(Type), Rest)];
        Other -> [Other]
    end.

headers(http) -> httph;
headers(http_bin) -> httph_bin;
headers(T) -> T.

decode(Type, Bin, Opts) ->
    try erlang:decode_packet(Type, Bin, Opts) catch C:R -> {C, R} end.
