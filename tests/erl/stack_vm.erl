%% A small stack-machine interpreter: instruction dispatch on atoms and
%% tagged tuples, a program computing factorials and sums in a loop.
-module(stack_vm).
-export([main/0]).

main() ->
    Fact = [{push, 1}, {store, acc}, {push, 20}, {store, n},
            {label, loop}, {load, n}, {jz, done},
            {load, acc}, {load, n}, mul, {store, acc},
            {load, n}, {push, 1}, sub, {store, n}, {jmp, loop},
            {label, done}, {load, acc}, halt],
    Sum = [{push, 0}, {store, s}, {push, 10000}, {store, i},
           {label, top}, {load, i}, {jz, out},
           {load, s}, {load, i}, add, {store, s},
           {load, i}, {push, 1}, sub, {store, i}, {jmp, top},
           {label, out}, {load, s}, {load, s}, mul, halt],
    {run(Fact), run(Sum), run([{push, 7}, {push, 3}, swap, sub, dup, add, halt])}.

run(Prog) -> exec(Prog, Prog, [], []).

exec([], _, Stack, _) -> {no_halt, Stack};
exec([I | Rest], Prog, Stack, Env) ->
    case step(I, Stack, Env) of
        {next, S2, E2} -> exec(Rest, Prog, S2, E2);
        {goto, L, S2} -> exec(find(L, Prog), Prog, S2, Env);
        {halt, [Top | _]} -> Top
    end.

step({push, N}, S, E) -> {next, [N | S], E};
step({store, K}, [V | S], E) -> {next, S, env_put(K, V, E)};
step({load, K}, S, E) -> {next, [env_get(K, E) | S], E};
step(add, [B, A | S], E) -> {next, [A + B | S], E};
step(sub, [B, A | S], E) -> {next, [A - B | S], E};
step(mul, [B, A | S], E) -> {next, [A * B | S], E};
step(dup, [A | S], E) -> {next, [A, A | S], E};
step(swap, [B, A | S], E) -> {next, [A, B | S], E};
step({label, _}, S, E) -> {next, S, E};
step({jmp, L}, S, _) -> {goto, L, S};
step({jz, L}, [0 | S], _) -> {goto, L, S};
step({jz, _}, [_ | S], E) -> {next, S, E};
step(halt, S, _) -> {halt, S}.

find(L, [{label, L} | Rest]) -> Rest;
find(L, [_ | Rest]) -> find(L, Rest).

env_put(K, V, []) -> [{K, V}];
env_put(K, V, [{K, _} | T]) -> [{K, V} | T];
env_put(K, V, [P | T]) -> [P | env_put(K, V, T)].

env_get(K, [{K, V} | _]) -> V;
env_get(K, [_ | T]) -> env_get(K, T).
