%% Tail calls through funs run in constant stack (BEAM's loader makes `call_fun` followed by
%% `return` a tail call): a million-step loop of funs calling funs, continuation-passing
%% style, and the stack traces that show the caller's frame gone.
-module(fun_tail_loop).
-export([main/0]).

count(0, Acc) -> Acc;
count(N, Acc) -> F = fun(M, A) -> count(M, A) end, F(N - 1, Acc + 1).

cps(0, K) -> K(done);
cps(N, K) -> cps(N - 1, fun(R) -> K(R) end).

via(F) -> F().

main() ->
    Self = self(),
    P = spawn(fun() -> Self ! {stack, count(1000000, 0), process_info(self(), stack_size)} end),
    Counted = receive {stack, C, {stack_size, S}} -> {C, S < 100} end,
    Cps = cps(200000, fun(R) -> {cps, R} end),
    Trace = try via(fun() -> erlang:error(deep) end)
            catch error:deep:St -> [{M, F, A} || {M, F, A, _} <- St, M =:= ?MODULE]
            end,
    {P =/= self(), Counted, Cps, Trace}.
