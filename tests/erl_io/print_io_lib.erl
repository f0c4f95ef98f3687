%% io_lib:format returns the characters io:format would print.
-module(print_io_lib).
-export([main/0]).

main() ->
    A = lists:flatten(io_lib:format("~w|~s|~b", [[a, "b"], "str", 12])),
    B = lists:flatten(io_lib:format("~10.3f|~-6s|~6.2.0e", [3.14159, "ab", 1.5])),
    C = lists:flatten(io_lib:format("~8.16.0B|~.8b", [48879, 64])),
    D = io_lib:write_atom('needs quotes'),
    E = lists:flatten(io_lib:write([1, {2}, <<3>>])),
    io:format("~s~n~s~n~s~n", [A, B, C]),
    {A, B, C, D, E}.
