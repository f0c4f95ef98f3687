%% The causes in ets errors' error_info (id, access, already_exists, badkey, type, owner) and
%% the explanations erl_error formats from them.
-module(ets_error_causes).
-export([main/0]).
main() ->
  T = ets:new(t, [protected]),
  P = ets:new(p, [private]),
  Me = self(),
  Fs = [fun() -> ets:lookup(nosuch, 1) end, fun() -> ets:insert(nosuch, {1}) end, fun() -> ets:insert(T, 1) end,
        fun() -> ets:insert(T, {}) end, fun() -> ets:new(t, [named_table]), ets:new(t, [named_table]) end,
        fun() -> ets:new(x, [bad]) end, fun() -> ets:update_counter(T, k, 1) end, fun() -> ets:lookup_element(T, k, 2) end,
        fun() -> ets:delete(nosuch) end, fun() -> ets:select(T, bad) end, fun() -> ets:match(nosuch, '_') end,
        fun() -> ets:info(1) end, fun() -> ets:give_away(T, self(), x) end, fun() -> ets:first(nosuch) end,
        fun() -> ets:next(T, nokey) end],
  R1 = [cause(F) || F <- Fs],
  R2 = [begin spawn(fun() -> Me ! {r, cause(F)} end), receive {r, X} -> X end end || F <- [fun() -> ets:insert(T, {1}) end, fun() -> ets:lookup(P, 1) end]],
  R1 ++ R2.
cause(F) -> try F() of V -> {ok, V} catch error:R:St -> {R, [I || {_, _, _, L} <- [hd(St)], {error_info, I} <- L], lists:last(string:split(lists:flatten(io_lib:format("~ts", [erl_error:format_exception(error, R, [hd(St)])])), "\n", all))} end.
