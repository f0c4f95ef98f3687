%% receive in code erl_eval interprets (escripts, the shell, erl -eval): OTP's prim_eval, a
%% selective receive whose pattern is a fun, runs as compiled from erts's preloaded .beam.
-module(eval_receive).
-export([main/0]).

eval(Text, Bindings) ->
    {ok, Tokens, _} = erl_scan:string(Text),
    {ok, Exprs} = erl_parse:parse_exprs(Tokens),
    {value, Value, _} = erl_eval:exprs(Exprs, Bindings),
    Value.

main() ->
    self() ! {a, 1}, self() ! {b, 2}, self() ! {a, 3}, self() ! {n, 7},
    Picked = eval("receive {b, X} -> X after 100 -> timeout end.", []),
    Guarded = eval("receive {a, X} when X > 2 -> {big, X}; {n, N} -> {n, N} end.", []),
    Bound = eval("receive {a, Y} -> Y end.", [{'Y', 1}]),
    TimedOut = eval("receive {c, X} -> X after 0 -> timeout end.", []),
    Me = self(),
    spawn(fun() -> timer:sleep(30), Me ! {late, 9} end),
    Late = eval("receive {late, X} -> X + 1 after 2000 -> timeout end.", []),
    spawn(fun() -> timer:sleep(10), Me ! {forever, ok} end),
    Forever = eval("receive {forever, R} -> R end.", []),
    OnlyAfter = eval("receive after 10 -> slept end.", []),
    {Picked, Guarded, Bound, TimedOut, Late, Forever, OnlyAfter,
     process_info(self(), messages)}.
