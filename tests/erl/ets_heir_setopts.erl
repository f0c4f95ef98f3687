%% ets heirs and setopts: a table goes to its heir when its owner ends (a named one by its name
%% in the 'ETS-TRANSFER' message, an unnamed one by its identifier), is deleted when the heir
%% is the owner or has ended, setopts/2 changes heir and protection, give_away/3; info/1's
%% items (memory aside) and info/2 of the fixation items.
-module(ets_heir_setopts).
-export([main/0]).

main() ->
    Self = self(),
    Owner = spawn(fun() ->
        Named = ets:new(heir_named, [named_table, {heir, Self, named_data}]),
        Plain = ets:new(heir_plain, [{heir, Self, {plain, [1, 2]}}]),
        Gone = ets:new(heir_gone, [named_table, {heir, none}]),
        ets:insert(Named, {k, 1}),
        ets:insert(Plain, [{a, 1}, {b, 2}]),
        Self ! {tables, Plain, Gone},
        receive stop -> ok end
    end),
    {Plain, _Gone} = receive {tables, P, G} -> {P, G} end,
    Before = {ets:info(heir_named, heir) =:= Self, ets:info(heir_gone, heir),
              ets:info(Plain, owner) =:= Owner},
    Ref = monitor(process, Owner),
    Owner ! stop,
    receive {'DOWN', Ref, process, Owner, normal} -> ok end,
    Messages = collect(2),
    Transfers = lists:sort([{T =:= Plain orelse T, From =:= Owner, Data}
                            || {'ETS-TRANSFER', T, From, Data} <- Messages]),
    After = {ets:info(heir_named, owner) =:= Self, ets:info(Plain, owner) =:= Self,
             ets:info(heir_gone), ets:lookup(heir_named, k), lists:sort(ets:tab2list(Plain))},
    %% setopts: only the owner; heir and protection, as a list or one option.
    T = ets:new(t, [set]),
    Setopts = [catch ets:setopts(T, [{heir, Self, d}, {protection, public}]),
               ets:info(T, heir) =:= Self, ets:info(T, protection),
               catch ets:setopts(T, {heir, none}), ets:info(T, heir),
               catch ets:setopts(T, {protection, private}), ets:info(T, protection),
               catch ets:setopts(T, []),
               error_of(fun() -> ets:setopts(T, {keypos, 2}) end),
               error_of(fun() -> ets:setopts(T, {heir, a, b}) end),
               error_of(fun() -> ets:setopts(T, {protection, open}) end),
               error_of(fun() -> ets:setopts(T, bad) end),
               error_of(fun() -> ets:setopts(no_such_table, []) end)],
    %% Not the owner: badarg.
    ets:setopts(T, {protection, public}),
    NotOwner = run(fun() -> error_of(fun() -> ets:setopts(T, {protection, private}) end) end),
    %% The heir is the owner itself, or has ended: the table goes with its owner.
    Dead = spawn(fun() -> ok end),
    DeadRef = monitor(process, Dead),
    receive {'DOWN', DeadRef, _, _, _} -> ok end,
    Orphans = run(fun() ->
        ets:new(self_heir, [named_table, {heir, self(), x}]),
        ets:new(dead_heir, [named_table, {heir, Dead, x}]),
        ok
    end),
    timer:sleep(20),
    Deleted = {Orphans, ets:info(self_heir), ets:info(dead_heir)},
    %% An heir inherits, then gives the table away, then the new owner ends: back to the heir.
    Chain = spawn(fun() -> receive {'ETS-TRANSFER', _, _, _} -> ok end,
                           receive done -> ok end end),
    ets:give_away(heir_named, Chain, gift),
    Chain ! done,
    Again = receive {'ETS-TRANSFER', heir_named, Chain, named_data} -> back after 1000 -> none end,
    %% info/1 (memory left out: its words are the allocator's) and the new errors.
    Info = [{K, V} || {K, V} <- ets:info(T), K =/= memory, K =/= id, K =/= owner],
    InfoKeys = [K || {K, _} <- ets:info(T)],
    IdOk = ets:info(T, id) =:= T,
    NamedId = is_reference(ets:info(heir_named, id)),
    Fixed = fixation(),
    {Before, Transfers, After, Setopts, NotOwner, Deleted, Again, Info, InfoKeys, IdOk, NamedId,
     Fixed, ets:info(no_such_table), error_of(fun() -> ets:info(1) end),
     error_of(fun() -> ets:info(T, bad_item) end)}.

fixation() ->
    T = ets:new(f, [public]),
    A = {ets:info(T, fixed), ets:info(T, safe_fixed), ets:info(T, safe_fixed_monotonic_time)},
    ets:safe_fixtable(T, true),
    ets:safe_fixtable(T, true),
    {Stamp, Fixers} = ets:info(T, safe_fixed),
    {Mono, Fixers} = ets:info(T, safe_fixed_monotonic_time),
    B = {ets:info(T, fixed), tuple_size(Stamp), is_integer(Mono), [C || {_, C} <- Fixers]},
    Self = self(),
    run(fun() -> ets:safe_fixtable(T, true), Self ! {fixers, length(element(2, ets:info(T, safe_fixed)))} end),
    Others = receive {fixers, N} -> N end,
    AfterExit = length(element(2, ets:info(T, safe_fixed))),
    ets:safe_fixtable(T, false),
    ets:safe_fixtable(T, false),
    {A, B, Others, AfterExit, ets:info(T, fixed), ets:info(T, safe_fixed)}.

collect(0) -> [];
collect(N) -> receive M -> [M | collect(N - 1)] after 1000 -> [] end.

run(F) ->
    Self = self(),
    {Pid, Ref} = spawn_monitor(fun() -> Self ! {self(), F()} end),
    receive {Pid, R} -> receive {'DOWN', Ref, _, _, _} -> R end;
            {'DOWN', Ref, _, _, Reason} -> {died, Reason} end.

error_of(F) ->
    try F() of V -> {ok, V} catch C:R -> {C, R} end.
