-module(ets_give_away).
-export([main/0]).
%% ets:give_away/3: the new owner gets {'ETS-TRANSFER', Tab, From, Gift} and may write a
%% protected table, the old one may not; who may not give a table away; the table goes with
%% its new owner.
main() ->
    Self = self(),
    T = ets:new(gift, [protected]),
    ets:insert(T, {k, 1}),
    Heir = spawn(fun() ->
                         receive
                             {'ETS-TRANSFER', Tab, From, Gift} ->
                                 Self ! {got, Tab =:= T, From =:= Self, Gift,
                                         ets:insert(Tab, {k, 2}), ets:info(Tab, owner) =:= self()}
                         end,
                         receive
                             {give_back, To} -> ets:give_away(T, To, back)
                         end,
                         receive stop -> ok end
                 end),
    Given = ets:give_away(T, Heir, {some, [gift]}),
    Got = receive {got, A, B, G, I, O} -> {A, B, G, I, O} end,
    Mine = [t(fun() -> ets:insert(T, {k, 3}) end), ets:lookup(T, k),
            t(fun() -> ets:give_away(T, self(), x) end),
            ets:info(T, owner) =:= Heir],
    Heir ! {give_back, Self},
    Back = receive {'ETS-TRANSFER', T, Heir, back} -> ets:insert(T, {k, 4}) end,
    Errors = [t(fun() -> ets:give_away(T, self(), x) end),
              t(fun() -> ets:give_away(T, not_a_pid, x) end),
              t(fun() -> ets:give_away(no_such_table, Heir, x) end)],
    Dead = spawn(fun() -> ok end),
    Ref = monitor(process, Dead),
    receive {'DOWN', Ref, process, _, _} -> ok end,
    Gone = t(fun() -> ets:give_away(T, Dead, x) end),
    U = ets:new(gone, [public]),
    ets:give_away(U, Heir, x),
    Heir ! stop,
    Ref2 = monitor(process, Heir),
    receive {'DOWN', Ref2, process, _, _} -> ok end,
    After = [ets:info(U, size), t(fun() -> ets:lookup(U, k) end), ets:lookup(T, k)],
    {Given, Got, Mine, Back, Errors, Gone, After}.

t(F) -> try F() catch C:R -> {C, R} end.
