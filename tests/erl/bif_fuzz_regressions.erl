%% Divergences from erl that tests/bif_fuzz.rs found in BIF calls, one result each.
-module(bif_fuzz_regressions).
-export([main/0, id/1]).

id(X) -> X.

t(F) ->
    try F() of
        V -> {ok, V}
    catch
        C:R -> {C, R}
    end.

main() ->
    [t(fun() -> erlang:raise(id(error), id(r), id([[a]])) end),
     t(fun() -> erlang:raise(id(error), id(r), id([{m, f, 1, x}])) end),
     t(fun() -> erlang:raise(id(exit), id(r), id([{m, f, 1, [x]}, {m, f, 2}])) end),
     t(fun() -> math:asinh(id(-1.7976931348623157e308)) end),
     t(fun() -> math:asinh(id(106608649.9786012)) end),
     t(fun() -> math:acosh(id(3.5)) end),
     t(fun() -> math:atanh(id(0.75)) end),
     t(fun() -> abs(id(-0.0)) end),
     t(fun() -> +(id(-0.0)) end),
     t(fun() -> list_to_integer(id("1_0")) end),
     t(fun() -> list_to_integer(id("z_z"), id(36)) end),
     t(fun() -> float_to_list(id(-1.2361929240472732e-62), id([{decimals, -1}, {decimals, 9}])) end),
     t(fun() -> float_to_list(id(1.5), id([{scientific, -1}])) end),
     t(fun() -> float_to_list(id(1.5), id([{decimals, 3}, {decimals, -1}])) end),
     t(fun() -> float_to_list(id(5.721917719451064e297), id([{decimals, 3}])) end),
     t(fun() -> float_to_list(id(2.5), id([{decimals, 0}])) end),
     t(fun() -> float_to_list(id(0.125), id([{decimals, 2}])) end),
     t(fun() -> float_to_list(id(1.0e16), id([{decimals, 0}, compact])) end),
     t(fun() -> float_to_list(id(-0.0), id([{decimals, 2}])) end),
     t(fun() -> is_function(id(fun erlang:abs/1), id(9223372036854775810)) end),
     t(fun() -> is_function(id(fun erlang:abs/1), id(-9223372036854775810)) end),
     t(fun() -> erlang:make_fun(id('ā'), id('été'), id(1)) end),
     t(fun() -> erlang:make_fun(id('a@b'), id('a\x{9f}'), id(1)) end),
     id(-649756751773404.25)].
