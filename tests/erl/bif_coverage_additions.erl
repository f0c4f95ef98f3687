%% BIFs added with the coverage test (tests/bif_coverage.rs): the `erlang` aliases of `++`,
%% `--` and `!`, is_record/2,3 outside guards, string:list_to_integer/1 and list_to_float/1
%% (string:to_integer/1, to_float/1), math:erf/1 and erfc/1, yield/0, bump_reductions/1,
%% is_alive/0, nodes/0,1, send_nosuspend/2,3, error_logger:warning_map/0, init's file extensions
%% file:get_cwd/1 of a drive, ets:all/0 and init's status while a program runs.
-module(bif_coverage_additions).
-export([main/0, id/1]).

id(X) -> X.

t(F) ->
    try F() of
        V -> {ok, V}
    catch
        C:R -> {C, R}
    end.

main() ->
    {aliases(), records(), to_integer(), to_float(), through_string(), erf(), node_and_vm(),
     all_tables()}.

%% Which tables ets:all/0 lists (OTP's own tables are there too, in its order).
all_tables() ->
    Named = ets:new(coverage_named, [named_table, public]),
    Plain = ets:new(coverage_plain, []),
    Gone = ets:new(coverage_gone, []),
    true = ets:delete(Gone),
    Parent = self(),
    Other = spawn(fun() ->
                          T = ets:new(coverage_other, [private]),
                          Parent ! {table, T},
                          receive stop -> ok end
                  end),
    Private = receive {table, Tab} -> Tab end,
    All = ets:all(),
    Listed = [lists:member(T, All) || T <- [Named, coverage_named, Plain, Gone, Private]],
    Other ! stop,
    {Named, is_list(All), Listed, length(All) =:= length(lists:usort(All))}.

aliases() ->
    Bang = fun erlang:'!'/2,
    Bang(self(), hello),
    Got = receive hello -> got after 100 -> none end,
    [Got,
     t(fun() -> apply(erlang, '!', id([self(), again])) end),
     receive again -> again after 100 -> none end,
     t(fun() -> apply(erlang, '!', id([not_registered, x])) end),
     t(fun() -> apply(erlang, append, id([[1, 2], [3]])) end),
     t(fun() -> apply(erlang, append, id([[], tail])) end),
     t(fun() -> apply(erlang, append, id([a, [2]])) end),
     t(fun() -> apply(erlang, subtract, id([[1, 2, 1, 3], [1, 3]])) end),
     t(fun() -> apply(erlang, subtract, id([[1, 2], a])) end),
     t(fun() -> erlang:send_nosuspend(self(), one) end),
     t(fun() -> erlang:send_nosuspend(self(), two, id([noconnect])) end),
     t(fun() -> erlang:send_nosuspend(self(), three, id([])) end),
     [receive M -> M after 100 -> none end || M <- [one, two, three]],
     t(fun() -> erlang:send_nosuspend(not_registered, x) end),
     t(fun() -> erlang:send_nosuspend(self(), x, id([foo])) end),
     t(fun() -> erlang:send_nosuspend(self(), x, id(notalist)) end),
     t(fun() -> erlang:send_nosuspend(id(1), x) end),
     flush()].

flush() ->
    receive M -> [M | flush()] after 0 -> [] end.

records() ->
    [t(fun() -> erlang:is_record(id(R), id(T)) end)
     || R <- [{a, 1}, {}, x, {b}, {a}], T <- [a, 1]] ++
    [t(fun() -> erlang:is_record(id(R), id(T), id(N)) end)
     || R <- [{a, 1}, {}, x], T <- [a, b, 1], N <- [0, 1, 2, -1, x, 1 bsl 70]].

to_integer() ->
    [t(fun() -> string:list_to_integer(id(L)) end)
     || L <- ["123abc", "-0012", "+5", "+", "-", "", "abc", abc, [$1, $2 | x], [$1 | x],
              [$1, $2, foo], [$1, $2, 300], [$1, $2, -1], " 12",
              "99999999999999999999999x", <<"12">>, [], "1_0", "12e5", "--1", "+-1",
              {1}, [$7]]].

to_float() ->
    [t(fun() -> string:list_to_float(id(L)) end)
     || L <- ["1.5e3x", "1.5", "1e3", "1.", ".5", "-1.5E+3", "1.5e", "1.5e+", "1.5ex",
              "12", x, "1.0e400", "1.0e-400", [$1, $., $5 | x], [$1, $., $5, x], "+1.5",
              "1.5.6", "0.1e1e2", "1_0.5", "-0.0", "1.0e-5z", "3.14159265358979323846264",
              "1.e5", "1.5E-", <<"1.5">>, [], "007.500", "1.0e308", "1.0e309"]].

through_string() ->
    [string:to_integer("42 apples"), string:to_integer(<<"-7x">>), string:to_integer("x"),
     string:to_float("2.5 pears"), string:to_float(<<"1.0e2">>), string:to_float("2"),
     string:to_integer(["1", <<"23">>, $4 | "5"])].

erf() ->
    [t(fun() -> {math:erf(id(X)), math:erfc(id(X))} end)
     || X <- [0, 0.5, -0.5, 1, -3, 3.0, 6.0, 30.0, -30.0, 1.0e-300, 1 bsl 70, a]].

node_and_vm() ->
    [t(fun() -> erlang:yield() end)] ++
    [t(fun() -> erlang:bump_reductions(id(N)) end) || N <- [0, 100, -1, 1 bsl 70, a]] ++
    [erlang:is_alive(), nodes(),
     [t(fun() -> nodes(id(K)) end)
      || K <- [visible, hidden, connected, this, known, [this, known], [], [visible, this],
               foo, [this | known], [foo], "x"]],
     error_logger:warning_map(), code:objfile_extension(), init:archive_extension(),
     file:get_cwd("c:"), file:get_cwd("Z:"),
     init:get_status(), init:notify_when_started(self())].
