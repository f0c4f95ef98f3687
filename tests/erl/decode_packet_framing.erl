%% erlang:decode_packet/3 for the framing packet types: raw (0), 1, 2, 4, sunrm, asn1 (short
%% and long tags and lengths), cdr (both byte orders), fcgi (padding dropped), tpkt, line
%% (line_length truncates, packet_size limits, line_delimiter), ssl_tls; {more, Length} and
%% {more, undefined}; {error, invalid}; bitstrings (the last bits stay in the rest); badarg for
%% bad types, bad data and bad options.
-module(decode_packet_framing).
-export([main/0]).

main() ->
    Cases = [
      {raw, <<>>, []}, {raw, <<"abc">>, []}, {0, <<"abc">>, []}, {raw, <<"abc">>, [{packet_size, 2}]},
      {1, <<>>, []}, {1, <<3, "abcde">>, []}, {1, <<3, "ab">>, []}, {1, <<0>>, []},
      {1, <<3, "abc">>, [{packet_size, 2}]}, {1, <<3, "abc">>, [{packet_size, 3}]},
      {2, <<0>>, []}, {2, <<0, 3, "abcX">>, []}, {2, <<1, 0, "a">>, []},
      {4, <<0, 0>>, []}, {4, <<0, 0, 0, 2, "hi", "rest">>, []}, {4, <<255, 255, 255, 255, "x">>, []},
      {4, <<0, 0, 0, 5, "x">>, [{packet_size, 4}]}, {4, <<127, 255, 255, 255>>, []},
      {4, <<0, 0, 1, 0>>, [{packet_size, 0}]},
      {sunrm, <<128, 0, 0, 2, "ab", "c">>, []}, {sunrm, <<0, 0, 0, 3, "ab">>, []}, {sunrm, <<0, 0>>, []},
      {sunrm, <<255, 255, 255, 255>>, []},
      {asn1, <<16#30, 3, 1, 2, 3, 9>>, []}, {asn1, <<16#30>>, []}, {asn1, <<16#30, 5, 1>>, []},
      {asn1, <<16#30, 16#81, 3, 1, 2, 3>>, []}, {asn1, <<16#30, 16#82, 0, 2, 7, 8, 9>>, []},
      {asn1, <<16#30, 16#83, 0, 0, 1, 7>>, []}, {asn1, <<16#30, 16#84, 0, 0, 0, 1, 7>>, []},
      {asn1, <<16#30, 16#85, 0, 0, 0, 0, 1, 7>>, []}, {asn1, <<16#30, 16#80, 1>>, []},
      {asn1, <<16#30, 16#82, 0>>, []}, {asn1, <<16#30, 16#84, 255, 255, 255, 255>>, []},
      {asn1, <<16#1f, 16#81, 16#01, 2, 5, 6, 7>>, []}, {asn1, <<16#1f, 16#81>>, []},
      {asn1, <<16#1f, 16#81, 16#81>>, []}, {asn1, <<16#1f, 16#05, 1, 9>>, []},
      {asn1, <<16#30, 3, 1, 2, 3>>, [{packet_size, 2}]}, {asn1, <<16#30, 3, 1, 2, 3>>, [{packet_size, 3}]},
      {cdr, <<"GIOP", 1, 2, 0, 0, 0, 0, 0, 2, "ab", "z">>, []}, {cdr, <<"GIOP", 1, 2, 1, 0, 2, 0, 0, 0, "ab">>, []},
      {cdr, <<"GIOX", 1, 2, 0, 0, 0, 0, 0, 2, "ab">>, []}, {cdr, <<"GIOP", 1, 2, 0, 0, 0, 0, 0, 9, "ab">>, []},
      {cdr, <<"GIO">>, []}, {cdr, <<"GIOP", 1, 2, 0, 0, 0, 0, 0, 9>>, [{packet_size, 8}]},
      {fcgi, <<1, 1, 0, 1, 0, 3, 2, 0, "abc", 0, 0, "rest">>, []}, {fcgi, <<2, 1, 0, 1, 0, 3, 2, 0, "abc", 0, 0>>, []},
      {fcgi, <<1, 1, 0, 1, 0, 3, 2, 0, "abc">>, []}, {fcgi, <<1, 1, 0>>, []},
      {fcgi, <<1, 1, 0, 1, 1, 0, 0, 0>>, [{packet_size, 100}]},
      {tpkt, <<3, 0, 0, 7, "abc", "d">>, []}, {tpkt, <<2, 0, 0, 7, "abc">>, []}, {tpkt, <<3, 0, 0, 9, "abc">>, []},
      {tpkt, <<3, 0, 0, 2>>, []}, {tpkt, <<3, 0>>, []}, {tpkt, <<3, 0, 0, 4>>, []},
      {line, <<"abc\ndef">>, []}, {line, <<"abc">>, []}, {line, <<"\n">>, []}, {line, <<>>, []},
      {line, <<"abcdef\nx">>, [{line_length, 3}]}, {line, <<"abcdef">>, [{line_length, 3}]},
      {line, <<"ab">>, [{line_length, 3}]}, {line, <<"abc">>, [{line_length, 3}]},
      {line, <<"abcdef\n">>, [{packet_size, 3}]}, {line, <<"abcdef">>, [{packet_size, 3}]},
      {line, <<"abc">>, [{packet_size, 3}]}, {line, <<"ab\n">>, [{packet_size, 3}]},
      {line, <<"a;b;c">>, [{line_delimiter, $;}]}, {line, <<"a\0b">>, [{line_delimiter, 0}]},
      {line, <<"a\nb;c">>, [{line_delimiter, $;}]}, {line, <<"abc\n">>, [{line_length, 3}, {packet_size, 2}]},
      {line, <<"ab\n">>, [{line_length, 0}]}, {line, <<"ab\r\ncd">>, [{packet_size, 10}, {line_length, 10}]},
      {line, <<"x\n">>, [{packet_size, 1}, {packet_size, 0}]},
      {ssl_tls, <<22, 3, 1, 0, 2, "ab", "x">>, []}, {ssl_tls, <<22, 3, 1, 0, 4, "ab">>, []},
      {ssl_tls, <<22, 3>>, []}, {ssl_tls, <<128, 5, 1, 3, 1, "ab">>, []},
      {ssl_tls, <<23, 3, 3, 0, 0>>, []}, {ssl_tls, <<23, 3, 3, 0, 9, "abc">>, [{packet_size, 5}]},
      {raw, <<1:3>>, []}, {raw, <<1, 1:3>>, []}, {1, <<2, "ab", 5:4>>, []}, {line, <<"a\nb", 1:1>>, []},
      {3, <<>>, []}, {foo, <<>>, []}, {"raw", <<>>, []}, {raw, "abc", []}, {raw, <<"a">>, foo},
      {raw, <<"a">>, [foo]}, {raw, <<"a">>, [{packet_size, -1}]}, {raw, <<"a">>, [{packet_size, 1 bsl 32}]},
      {raw, <<"a">>, [{packet_size, 4294967295}]}, {raw, <<"a">>, [{line_delimiter, $;}]},
      {line, <<"a">>, [{line_delimiter, 256}]}, {line, <<"a">>, [{line_delimiter, -1}]},
      {raw, <<"a">>, [{other, 1}]}, {raw, <<"a">>, [{packet_size, 1, 2}]}, {1, <<"a">>, [{packet_size, 1.0}]},
      {1, <<"a">>, [{"packet_size", 1}]}, {raw, <<"a">>, [{line_length, 1 bsl 70}]}
    ],
    [decode(Type, Bin, Opts) || {Type, Bin, Opts} <- Cases].

decode(Type, Bin, Opts) ->
    try erlang:decode_packet(Type, Bin, Opts) catch C:R -> {C, R} end.
