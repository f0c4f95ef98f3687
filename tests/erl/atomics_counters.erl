%% atomics and counters: signed and unsigned arrays, wrapping arithmetic, exchange and
%% compare_exchange, info, counters of both kinds (sub through add), and OTP's errors.
-module(atomics_counters).
-export([main/0]).

main() ->
    A = atomics:new(10, []),
    U = atomics:new(3, [{signed, false}]),
    C = counters:new(4, [write_concurrency]),
    C2 = counters:new(2, []),
    Ops = [atomics:put(A, 1, 41), atomics:add(A, 1, 1), atomics:get(A, 1),
           atomics:add_get(U, 1, -1), atomics:add_get(A, 2, 1 bsl 63),
           atomics:sub(A, 3, 5), atomics:sub_get(A, 3, 5), atomics:get(A, 3),
           atomics:compare_exchange(A, 4, 0, 5), atomics:compare_exchange(A, 4, 0, 6),
           atomics:exchange(A, 4, 7), atomics:get(A, 4), atomics:put(U, 2, 1 bsl 64 - 1),
           atomics:add_get(U, 2, 1), atomics:get(U, 3),
           counters:add(C, 1, 5), counters:sub(C, 1, 2), counters:get(C, 1),
           counters:put(C, 2, -9), counters:get(C, 2),
           counters:add(C2, 2, 10), counters:sub(C2, 2, 11), counters:get(C2, 2)],
    Infos = {atomics:info(A), atomics:info(U), maps:get(size, counters:info(C)),
             counters:info(C2), is_reference(A), element(1, C), element(1, C2)},
    Errors = [raised(F) || F <- [fun() -> atomics:new(0, []) end,
                                 fun() -> atomics:new(2, [bad]) end,
                                 fun() -> atomics:new(a, []) end,
                                 fun() -> atomics:put(A, 11, 1) end,
                                 fun() -> atomics:put(A, 0, 1) end,
                                 fun() -> atomics:put(U, 1, -1) end,
                                 fun() -> atomics:put(A, 1, 1 bsl 63) end,
                                 fun() -> atomics:add(A, 1, 1 bsl 64) end,
                                 fun() -> atomics:add(A, 1, 1.0) end,
                                 fun() -> atomics:get(make_ref(), 1) end,
                                 fun() -> atomics:sub(A, 1, x) end,
                                 fun() -> atomics:compare_exchange(U, 1, -1, 0) end,
                                 fun() -> counters:new(1, [bad]) end,
                                 fun() -> counters:get(C, 0) end,
                                 fun() -> counters:get({atomics, make_ref()}, 1) end,
                                 fun() -> counters:add(C2, 1, 1 bsl 64) end]],
    %% The same array seen from another process.
    Self = self(),
    spawn(fun() -> atomics:add(A, 5, 100), Self ! done end),
    receive done -> ok end,
    {Ops, Infos, Errors, atomics:get(A, 5)}.

raised(F) ->
    try F() catch Class:Reason:Stack ->
        {Class, Reason, [Info || {_, _, _, [{error_info, Info} | _]} <- lists:sublist(Stack, 1)]}
    end.
