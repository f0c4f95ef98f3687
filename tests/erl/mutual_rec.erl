%% Mutual recursion: even/odd (tail), a three-function cycle, and a
%% mutually recursive expression evaluator (body recursion).
-module(mutual_rec).
-export([main/0]).

main() ->
    {is_even(100001), is_odd(100001), is_even(0),
     ping(30000, []),
     eval({add, {mul, {num, 3}, {num, 4}}, {neg, {sub, {num, 1}, {num, 10}}}}),
     eval_list([{num, 1}, {add, {num, 2}, {num, 3}}, {neg, {num, 7}}])}.

is_even(0) -> true;
is_even(N) -> is_odd(N - 1).

is_odd(0) -> false;
is_odd(N) -> is_even(N - 1).

%% a -> b -> c -> a, each step tail-calling the next.
ping(0, Acc) -> lists_len(Acc);
ping(N, Acc) -> pong(N - 1, Acc).
pong(0, Acc) -> {pong, lists_len(Acc)};
pong(N, Acc) -> pang(N - 1, [N | Acc]).
pang(0, Acc) -> {pang, lists_len(Acc)};
pang(N, Acc) -> ping(N - 1, Acc).

lists_len([]) -> 0;
lists_len([_ | T]) -> 1 + lists_len(T).

eval({num, N}) -> N;
eval({add, A, B}) -> eval(A) + eval(B);
eval({sub, A, B}) -> eval(A) - eval(B);
eval({mul, A, B}) -> eval(A) * eval(B);
eval({neg, A}) -> -eval(A).

eval_list([]) -> [];
eval_list([E | Es]) -> [eval(E) | eval_list(Es)].
