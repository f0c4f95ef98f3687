%% Funs travel in messages and are called by the receiver, closures included.
-module(proc_fun_messages).
-export([main/0]).

main() ->
    Self = self(),
    Worker = spawn(fun() -> serve() end),
    K = 7,
    Worker ! {run, fun(X) -> X * K end, 6, Self},
    A = receive {result, V} -> V end,
    Worker ! {run, fun erlang:tuple_size/1, {a, b, c}, Self},
    B = receive {result, V2} -> V2 end,
    Worker ! {run, fun(L) -> [E + K || E <- L] end, [1, 2, 3], Self},
    C = receive {result, V3} -> V3 end,
    Worker ! stop,
    {A, B, C}.

serve() ->
    receive
        {run, F, Arg, From} -> From ! {result, F(Arg)}, serve();
        stop -> ok
    end.
