-module(conv_float_opts).
-export([main/0]).
%% float_to_list/2 and float_to_binary/2 over option combinations, their last-wins order and
%% the limits of decimals and scientific digits.
try_all(Funs) -> [try F() of V -> {ok, V} catch C:R -> {C, R} end || F <- Funs].
main() ->
    Fs = [0.5, 1.005, -2.675, 1.0e-5, 9.999999, 12345678.9, 1.0e15, 1.0e16, 5.0e-324, 1.7976931348623157e308],
    Opts = [[{decimals, 1}], [{decimals, 3}, compact], [{decimals, 10}], [{decimals, 20}, compact],
            [{scientific, 1}], [{scientific, 10}], [{scientific, -1}], [short], [compact, short],
            [{decimals, 2}, {scientific, 2}], [{scientific, 2}, {decimals, 2}]],
    R = [try float_to_binary(F, O) catch error:E -> E end || F <- Fs, O <- Opts],
    {R, [float_to_list(F, [short]) || F <- Fs],
     try_all([fun() -> float_to_list(1.0, [{decimals, 254}]) end,
              fun() -> float_to_list(1.0, [{decimals, 253}]) =:= float_to_list(1.0, [{decimals, 253}]) end,
              fun() -> float_to_binary(1.0, [{scientific, 250}]) end,
              fun() -> float_to_binary(1.0, [{decimals, -1}]) end,
              fun() -> float_to_binary(1.0, [compact | bad]) end])}.
