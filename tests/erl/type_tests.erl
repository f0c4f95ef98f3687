%% Every type test, in guards and in bodies, on every in-scope kind of term.
-module(type_tests).
-export([main/0]).

main() ->
    Vals = [0, -1, 134217727, 134217728, -134217729, 1 bsl 70, -(1 bsl 70),
            atom, true, false, [], [1], [a | b], {}, {1, 2}, "str"],
    {[guards(V) || V <- Vals], [bodies(V) || V <- Vals], [kind(V) || V <- Vals]}.

guards(V) ->
    [t(is_atom(V)), t(is_integer(V)), t(is_number(V)), t(is_float(V)),
     t(is_list(V)), t(is_tuple(V)), t(is_boolean(V)), t(is_binary(V)),
     t(is_bitstring(V)), t(is_function(V)), t(is_function(V, 1)), t(is_pid(V)),
     t(is_port(V)), t(is_reference(V)), t(is_map(V)), t(is_record(V, x, 2))].

t(true) -> 1;
t(false) -> 0.

%% Results of type tests used as values and combined.
bodies(V) ->
    A = is_atom(V),
    I = is_integer(V),
    L = is_list(V),
    T = is_tuple(V),
    {A orelse I, L andalso not T, A xor I, A and (not L)}.

kind(V) when is_boolean(V) -> boolean;
kind(V) when is_atom(V) -> atom;
kind(V) when is_integer(V), V >= 0 -> nonneg_int;
kind(V) when is_integer(V) -> neg_int;
kind([]) -> nil;
kind([_ | T]) when is_list(T) -> proper_cons;
kind([_ | _]) -> improper_cons;
kind(V) when is_tuple(V), tuple_size(V) =:= 0 -> empty_tuple;
kind(V) when is_tuple(V) -> tuple;
kind(_) -> other.
