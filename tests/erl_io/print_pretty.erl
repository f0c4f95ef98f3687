%% ~p: OTP's pretty printer (io_lib_pretty), line breaking included.
-module(print_pretty).
-export([main/0]).

-record(point, {x = 0, y = 0}).

main() ->
    io:format("~p~n", [{a, "string", <<"bin">>, 1.5, [1, 2, 3]}]),
    io:format("~p~n", [lists:seq(1, 40)]),
    io:format("~p~n", [[{key, I, lists:duplicate(I, $x)} || I <- lists:seq(1, 8)]]),
    io:format("~p~n", [#{name => "beamwasm", list => [a, b, c], nested => #{x => 1}}]),
    io:format("~p~n", [#point{x = 3}]),
    io:format("~P~n", [lists:seq(1, 100), 10]),
    io:format("~W~n", [{deep, {deeper, {deepest, [1, 2, 3]}}}, 3]),
    io:format("~p ~p~n", ['quoted atom', "with \"quotes\" and \n newline"]),
    ok.
