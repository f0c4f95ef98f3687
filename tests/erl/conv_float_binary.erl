-module(conv_float_binary).
-export([main/0]).
%% float_to_binary/1,2 and binary_to_float/1, beside float_to_list/2's options.
id(X) -> X.
try_all(Funs) -> [try F() of V -> {ok, V} catch C:R -> {C, R} end || F <- Funs].
main() ->
    Floats = [0.0, -0.0, 1.0, -1.5, 0.1, 3.14159, 1.0e10, 1.5e-10, 123456.789, 2.5, 0.125, 1.0e300 / 1.0e290],
    Opts = [[], [short], [compact], [{decimals, 0}], [{decimals, 2}], [{decimals, 4}, compact],
            [{scientific, 0}], [{scientific, 3}], [{decimals, 3}, short], [short, {scientific, 2}]],
    Table = [{float_to_binary(F, O), list_to_binary(float_to_list(F, O))} || F <- Floats, O <- Opts],
    {[float_to_binary(F) || F <- Floats],
     lists:all(fun({B, L}) -> B =:= L end, Table), [B || {B, _} <- lists:sublist(Table, 30)],
     [binary_to_float(B) || B <- [<<"1.5">>, <<"-0.0">>, <<"1.5e3">>, <<"+1.5">>, <<"1.5E+2">>,
                                   <<"2.0e-3">>, id(<<"123.456">>)]],
     [binary_to_float(float_to_binary(F, [short])) =:= F || F <- Floats],
     try_all([fun() -> binary_to_float(id(<<"1">>)) end,
              fun() -> binary_to_float(id(<<"1.5x">>)) end,
              fun() -> binary_to_float(id("1.5")) end,
              fun() -> binary_to_float(id(<<"1.0e400">>)) end,
              fun() -> binary_to_float(id(<<" 1.5">>)) end,
              fun() -> binary_to_float(id(<<"1.">>)) end,
              fun() -> binary_to_float(id(<<"1.5", 0:3>>)) end,
              fun() -> float_to_binary(id(1)) end,
              fun() -> float_to_binary(1.0, [bad]) end,
              fun() -> float_to_binary(1.0, {decimals, 2}) end,
              fun() -> float_to_binary(1.0, [{decimals, 254}]) end,
              fun() -> float_to_binary(1.0e300, [{decimals, 1}]) end])}.
