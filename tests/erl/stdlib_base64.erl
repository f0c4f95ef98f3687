%% base64 and binary handling written in Erlang in OTP.
-module(stdlib_base64).
-export([main/0]).

main() ->
    B = <<"Hello, beamwasm! 1234567890">>,
    E = base64:encode(B),
    {E, base64:decode(E) =:= B, base64:encode_to_string("abc"), base64:decode_to_string("YWJj"),
     base64:encode(<<>>), base64:mime_decode(<<"YW Jj\n">>)}.
