%% Record updates and receives whose code `tests/newer_opcodes.rs` rewrites into the
%% instructions newer (OTP 26-28) and older (OTP 21-23) compilers write.
-module(records_otp26).
-export([main/0]).

-record(r, {a = 1, b = two, c = "three", d}).

main() ->
    R = #r{},
    %% Only this module is loaded by the test: no calls to other modules.
    {upd2(R, x), upd2({q, 1, 2}, [y]), swap_ends({1, 2, 3}), many(R), [relabel(T) || T <- [{1, 2, 3}, {a, b, c}]],
     mailbox()}.

%% A three-element tuple rebuilt with its middle replaced: OTP 26 writes `update_record`.
upd2(T, V) when tuple_size(T) =:= 3 -> {element(1, T), V, element(3, T)};
upd2(T, V) when tuple_size(T) =:= 5 -> T#r{b = V}.

swap_ends(T) when tuple_size(T) =:= 3 -> {element(3, T), element(2, T), element(1, T)}.

many(R) -> [R#r{a = N, d = N * 2} || N <- [1, 2, 3, 4]].

relabel(T) when tuple_size(T) =:= 3 -> {element(1, T), element(2, T), relabeled}.

mailbox() ->
    Ref = make_ref(),
    self() ! unrelated,
    self() ! {Ref, reply},
    receive {Ref, Msg} -> Msg end.
