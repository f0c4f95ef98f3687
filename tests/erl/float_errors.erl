%% Float errors, caught: overflow, division by zero, math domain errors, bad arguments.
-module(float_errors).
-export([main/0]).

main() ->
    Cases = [fun() -> id(1.0e308) * 10.0 end,
             fun() -> id(1.0) / id(0.0) end,
             fun() -> id(1) / id(0) end,
             fun() -> math:sqrt(id(-1)) end,
             fun() -> math:log(id(0)) end,
             fun() -> math:pow(id(10.0), id(400)) end,
             fun() -> float(id(atom)) end,
             fun() -> trunc(id("x")) end,
             fun() -> list_to_float(id("1")) end,
             fun() -> list_to_float(id("1.0e999")) end,
             fun() -> float_to_list(id(1)) end,
             fun() -> float_to_list(id(1.0), [{decimals, 300}]) end,
             fun() -> -id(foo) end],
    [try C() catch Class:Reason -> {Class, Reason} end || C <- Cases].

id(X) -> X.
