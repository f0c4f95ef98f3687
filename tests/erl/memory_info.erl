%% erlang:memory/0,1 and persistent_term:info/0: the figures differ from erl's, so only their
%% shape and relations are compared: the types in OTP's order, non-negative integers, the
%% totals at least their parts; memory/1 of a type, of a list (in its order, [] too), and
%% badarg for unknown types and non-types; persistent_term:info/0 counts a put and an erase
%% and its memory grows with a stored term.
-module(memory_info).
-export([main/0]).

r(F) -> try F() catch C:R -> {C, R} end.

main() ->
    All = erlang:memory(),
    Keys = [K || {K, _} <- All],
    Get = fun(K) -> proplists:get_value(K, All) end,
    Integers = lists:all(fun({_, V}) -> is_integer(V) andalso V >= 0 end, All),
    Relations = [Get(total) >= Get(processes), Get(total) >= Get(system),
                 Get(total) =:= Get(processes) + Get(system),
                 Get(processes) >= Get(processes_used), Get(atom) >= Get(atom_used),
                 Get(system) >= Get(atom), Get(system) >= Get(binary), Get(system) >= Get(code),
                 Get(system) >= Get(ets), Get(processes) > 0, Get(atom_used) > 0, Get(code) > 0],
    One = [is_integer(erlang:memory(K)) || K <- Keys],
    Listed = [K || {K, V} <- erlang:memory([ets, total, binary, total]), is_integer(V)],
    Empty = {erlang:memory([]), erlang:memory("")},
    Bad = [r(fun() -> erlang:memory(T) end)
           || T <- [foo, maximum, low, [foo], [total, foo], "a", 1, {total}, <<"total">>]],
    %% A big binary and a big process heap show in the figures.
    Big = binary:copy(<<"x">>, 1000000),
    Grown = erlang:memory(binary) >= byte_size(Big),
    #{count := C0, memory := M0} = persistent_term:info(),
    persistent_term:put({?MODULE, key}, lists:seq(1, 100)),
    #{count := C1, memory := M1} = persistent_term:info(),
    persistent_term:put({?MODULE, key}, small),
    #{count := C2, memory := M2} = persistent_term:info(),
    persistent_term:erase({?MODULE, key}),
    #{count := C3, memory := M3} = persistent_term:info(),
    Info = persistent_term:info(),
    Persistent = {lists:sort(maps:keys(Info)), is_integer(C0), is_integer(M0), C1 - C0, M1 > M0,
                  C2 - C0, M2 < M1, C3 - C0, M3 =:= M0},
    {Keys, Integers, Relations, One, Listed, Empty, Bad, Grown, byte_size(Big), Persistent}.
