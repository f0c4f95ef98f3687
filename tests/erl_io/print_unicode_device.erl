%% Standard output's encoding: latin1 by default (as `erl -noshell` has it: code points past
%% 255 are written \x{...}), unicode after io:setopts/1, which getopts reports; a latin1
%% request's bytes are characters on either device.
-module(print_unicode_device).
-export([main/0]).

main() ->
    Opts0 = io:getopts(),
    Both = fun() ->
        io:format("~ts|~s~n", [<<"hé 日"/utf8>>, "caf\xe9"]),
        io:put_chars([16#65E5, $\s, <<"ü"/utf8>>, $\n]),
        io:request(standard_io, {put_chars, latin1, <<"caf", 233, "\n">>}),
        io:format("~tp~n", [[16#65E5, 233]])
    end,
    Both(),
    ok = io:setopts([{encoding, unicode}]),
    Both(),
    Opts1 = io:getopts(),
    ok = io:setopts([{encoding, latin1}]),
    io:put_chars([16#65E5, $\n]),
    {proplists:get_value(encoding, Opts0), proplists:get_value(encoding, Opts1),
     io:setopts([{encoding, klingon}])}.
