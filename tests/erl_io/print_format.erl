%% io:format with the common directives, printed by OTP's io compiled by beamwasm.
-module(print_format).
-export([main/0]).

main() ->
    io:format("plain text~n"),
    io:format("~w ~w ~w~n", [42, atom, {tuple, [1, 2]}]),
    io:format("~s and ~s~n", ["a string", <<"a binary">>]),
    io:format("~b ~.16b ~.2b ~8.3.0b~n", [255, 255, 5, 7]),
    io:format("~c~c~c~n", [$a, $b, $c]),
    io:format("[~5s] [~-5s] [~5.2s]~n", ["ab", "ab", "abcdef"]),
    io:format("~f ~.2f ~10.3f ~e~n", [3.14159, 2.5, -1.0, 12345.678]),
    io:format("~~ ~i~n", [ignored]),
    done.
