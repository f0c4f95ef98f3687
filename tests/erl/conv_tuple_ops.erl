-module(conv_tuple_ops).
-export([main/0]).
%% erlang:insert_element/3, delete_element/2 (and append_element/2) with their badargs.
id(X) -> X.
try_all(Funs) -> [try F() of V -> {ok, V} catch C:R -> {C, R} end || F <- Funs].
main() ->
    T = id({a, b, c}),
    Big = list_to_tuple(lists:seq(1, 100)),
    {erlang:insert_element(1, T, x), erlang:insert_element(2, T, x), erlang:insert_element(4, T, x),
     erlang:insert_element(1, {}, x), erlang:delete_element(1, T), erlang:delete_element(3, T),
     erlang:delete_element(1, {only}), erlang:append_element(T, d),
     tuple_size(erlang:insert_element(50, Big, x)), element(50, erlang:insert_element(50, Big, x)),
     element(50, erlang:delete_element(50, Big)),
     erlang:delete_element(2, erlang:insert_element(2, T, [1, 2])) =:= T,
     try_all([fun() -> erlang:insert_element(0, T, x) end,
              fun() -> erlang:insert_element(5, T, x) end,
              fun() -> erlang:insert_element(1, [a], x) end,
              fun() -> erlang:insert_element(a, T, x) end,
              fun() -> erlang:delete_element(0, T) end,
              fun() -> erlang:delete_element(4, T) end,
              fun() -> erlang:delete_element(1, {}) end,
              fun() -> erlang:delete_element(1 bsl 70, T) end,
              fun() -> erlang:delete_element(-1, T) end])}.
