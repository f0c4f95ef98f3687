%% An error raised inside a catch clause propagates to the next handler out.
-module(exc_uncaught_in_handler).
-export([main/0]).

main() ->
    Inner = fun_like(1),
    Outer = try
                try throw(first)
                catch throw:first -> error({second, Inner})
                end
            catch error:{second, V} -> {outer, V}
            end,
    Last = try
               try exit(a) after throw(from_after) end
           catch C:R -> {C, R}
           end,
    {Outer, Last, gc_heavy(2000)}.

fun_like(X) -> X * 10.

gc_heavy(0) -> done;
gc_heavy(N) ->
    L = try build(N) catch throw:Big -> length(Big) end,
    true = L =:= 50,
    gc_heavy(N - 1).

build(N) -> throw(make(50, N, [])).

make(0, _, Acc) -> Acc;
make(K, N, Acc) -> make(K - 1, N, [{K, N} | Acc]).
