-module(conv_terms).
-export([main/0]).
%% pid_to_list, ref_to_list, fun_to_list (shapes and exact text where it is deterministic),
%% erts_internal:cmp_term/2, erts_debug:flat_size/1, erlang:display_string/1.
id(X) -> X.
try_all(Funs) -> [try F() of V -> {ok, V} catch C:R -> {C, R} end || F <- Funs].
main() ->
    Pid = pid_to_list(self()),
    Ref = ref_to_list(make_ref()),
    X = id(5),
    Local = erlang:fun_to_list(fun() -> X end),
    {lists:prefix("<0.", Pid), lists:last(Pid), lists:prefix("#Ref<0.", Ref), lists:last(Ref),
     lists:prefix("#Fun<conv_terms.", Local),
     erlang:fun_to_list(fun lists:reverse/1), erlang:fun_to_list(fun erlang:'+'/2), erlang:fun_to_list(fun 'a b':'c d'/0),
     Pid =:= lists:flatten(io_lib:format("~w", [self()])),
     [erts_internal:cmp_term(A, B) || {A, B} <- [{1, 1.0}, {1.0, 1}, {a, a}, {2, 1.0}, {[], {}},
                                                  {{1}, {1.0}}, {<<1>>, <<1>>}, {"ab", "a"}, {#{}, []}]],
     [erts_debug:flat_size(T) || T <- [a, 1, [], {}, {a, b}, [1, 2, 3], 1.5, 1 bsl 70, 1 bsl 59,
                                      -(1 bsl 64), id(<<"abc">>), binary:copy(<<1>>, 100), make_ref(),
                                      fun lists:reverse/1, fun() -> X end, #{a => 1}, #{}, self(),
                                      {"abc", [{}]}, binary:part(binary:copy(<<1>>, 100), 1, 70)]],
     erlang:display_string("conv_terms: display_string goes to stderr\n"),
     try_all([fun() -> pid_to_list(id(a)) end, fun() -> ref_to_list(self()) end,
              fun() -> erlang:fun_to_list(make_ref()) end, fun() -> erlang:display_string(<<"x">>) end,
              fun() -> erlang:display_string(x) end])}.
