-module(print_display_maps).
-export([main/0]).

%% erlang:display/1 prints a large map as the emulator does: OTP's HAMT node by node
%% (`<bitmap>{...}`, leaves as the cons cells `[Key|Value]` they are).
main() ->
    erlang:display(maps:from_list([{I, 1} || I <- lists:seq(1, 40)])),
    erlang:display(maps:from_list([{I, [I]} || I <- lists:seq(35, 75)])),
    erlang:display(maps:from_list([{I, "ab"} || I <- lists:seq(100, 140)]
                                  ++ [{<<"k">>, 2.5}, {[1, 2], {x}}, {-3, []}, {1.5, [7 | 8]}])),
    erlang:display(maps:from_list([{K, K} || K <- lists:seq(1, 5000)])),
    erlang:display(#{1 => #{}, 2 => maps:from_list([{{K}, K} || K <- lists:seq(1, 33)])}),
    ok.
