-module(lib_cowlib).
-export([main/0]).
%% A real workload of cowlib (Debian's erlang-cowlib): HTTP header parsing and building.
main() ->
    Hdrs = cow_http:parse_headers(<<"Content-Type: text/html; charset=utf-8\r\nAccept: text/html, application/json;q=0.9, */*;q=0.1\r\nCookie: a=1; b=two\r\n\r\nbody">>),
    {Headers, Rest} = Hdrs,
    Status = cow_http:parse_status_line(<<"HTTP/1.1 404 Not Found\r\nX: y\r\n">>),
    Req = {cow_http:parse_fullpath(<<"/path/to?q=1&b=2">>), cow_http:parse_version(<<"HTTP/1.0">>), iolist_to_binary(cow_http:request(<<"GET">>, <<"/x">>, 'HTTP/1.1', [{<<"host">>, <<"h">>}]))},
    CT = cow_http_hd:parse_content_type(<<"text/html; charset=utf-8">>),
    Accept = cow_http_hd:parse_accept(<<"text/html, application/json;q=0.9, */*;q=0.1">>),
    Cookies = cow_cookie:parse_cookie(<<"a=1; b=two; c=\"q\"">>),
    Qs = cow_qs:parse_qs(<<"a=1&b=hello%20world&c">>),
    Enc = cow_qs:qs([{<<"x">>, <<"a b&c">>}, {<<"y">>, true}]),
    Url = cow_qs:urlencode(<<"ä ö/?">>),
    Date = cow_date:rfc2109({{2026, 12, 7}, {13, 2, 47}}),
    Parsed = cow_date:parse_date(<<"Mon, 07 Dec 2026 13:02:47 GMT">>),
    {Headers, Rest, Status, Req, CT, Accept, Cookies, Qs, Enc, Url, Date, Parsed}.
