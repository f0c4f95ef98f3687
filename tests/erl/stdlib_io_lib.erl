%% io_lib's formatting functions return characters.
-module(stdlib_io_lib).
-export([main/0]).

main() ->
    {lists:flatten(io_lib:format("~p", [{a, [1, 2], "str", #{k => v}}])),
     lists:flatten(io_lib:format("~-10s|~10.4f|~.3e", ["left", 3.14159, 0.000123])),
     lists:flatten(io_lib:format("~8.2.0B ~.16b ~c", [5, 255, $z])),
     io_lib:write_string("quote\"d"), lists:flatten(io_lib:print([1, {2, three}])),
     io_lib:char_list("abc"), io_lib:deep_char_list(["a", ["b"]]),
     lists:flatten(io_lib:fwrite("~w~n", [[]]))}.
