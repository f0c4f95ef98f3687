%% erlang:display/1 writes the emulator's own text for a term.
-module(print_display).
-export([main/0]).

main() ->
    [erlang:display(T) || T <- [1.5, "ab", [1, 2], "a\nb", hello, 'Quoted', <<"ab">>, <<1, 2>>,
                                #{a => 1}, {1.0e10, -2.5, 0.1}, fun lists:map/2, [97, 300], [],
                                123456789012345678901234567890, {[$a | b]}, {}]],
    ok.
