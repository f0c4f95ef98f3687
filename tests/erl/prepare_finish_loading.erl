%% erlang:prepare_loading/2 and finish_loading/1 (code:atomic_load/1's two phases): compiled
%% first, loaded all or none (not_purged when a module's old code is still there), errors.
-module(prepare_finish_loading).
-export([main/0]).
main() ->
  {ok, _, Bin} = compile:forms([{attribute,1,module,alx},{attribute,2,export,[{f,0}]},{function,3,f,0,[{clause,3,[],[],[{integer,3,42}]}]}], [binary]),
  P = erlang:prepare_loading(alx, Bin),
  R = [is_reference(P), erlang:prepare_loading(alx, <<"junk">>),
       element(1, catch erlang:prepare_loading("x", Bin)), element(1, catch erlang:prepare_loading(alx, notbin))],
  F = erlang:finish_loading([P]),
  V = alx:f(),
  P2 = erlang:prepare_loading(alx, Bin),
  F2 = erlang:finish_loading([P2]),
  P3 = erlang:prepare_loading(alx, Bin),
  F3 = erlang:finish_loading([P3]),
  Bad = [element(1, catch erlang:finish_loading(x)), element(1, catch erlang:finish_loading([x])), erlang:finish_loading([])],
  {ok, _, BinY} = compile:forms([{attribute,1,module,aly},{attribute,2,export,[{g,0}]},{function,3,g,0,[{clause,3,[],[],[{integer,3,7}]}]}], [binary]),
  Both = erlang:finish_loading([erlang:prepare_loading(aly, BinY), erlang:prepare_loading(alx, Bin)]),
  NoneLoaded = code:is_loaded(aly),
  true = erlang:purge_module(alx),
  BothAgain = erlang:finish_loading([erlang:prepare_loading(aly, BinY), erlang:prepare_loading(alx, Bin)]),
  {R, F, V, F2, F3, Bad, Both, NoneLoaded, BothAgain, aly:g()}.
