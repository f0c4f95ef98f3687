%% Many closures alive at once across collections; free variables survive moves.
-module(fun_gc_many).
-export([main/0]).

main() ->
    Funs = build(20000, []),
    Sum = call_all(Funs, 0),
    Chain = chain(1000, fun(X) -> X end),
    {Sum, Chain(1)}.

build(0, Acc) -> Acc;
build(N, Acc) ->
    T = {N, [N, N + 1], {nested, N}},
    build(N - 1, [fun(K) -> element(1, T) + K + length(element(2, T)) end | Acc]).

call_all([], Acc) -> Acc;
call_all([F | Fs], Acc) -> call_all(Fs, Acc + F(1)).

chain(0, F) -> F;
chain(N, F) -> chain(N - 1, fun(X) -> F(X) + 1 end).
