%% 50,000 queued messages before the first receive; collections happen while they wait.
-module(proc_mailbox_gc).
-export([main/0]).

main() ->
    Self = self(),
    spawn(fun() -> flood(Self, 50000) end),
    receive flood_done -> ok end,
    Garbage = build(20000, []),
    {length(Garbage), sum_all(50000, 0)}.

flood(Parent, 0) -> Parent ! flood_done;
flood(Parent, N) -> Parent ! {n, N, [N, {N}]}, flood(Parent, N - 1).

build(0, Acc) -> Acc;
build(N, Acc) -> build(N - 1, [{N, [N]} | Acc]).

sum_all(0, Acc) -> Acc;
sum_all(K, Acc) -> receive {n, N, [N, {N}]} -> sum_all(K - 1, Acc + N) end.
