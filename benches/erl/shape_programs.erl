%% Programs `versus_otp` runs on beamwasm and on OTP 25, one per shape of code the speed goal
%% covers (issue 17's table): non-tail calls on small integers, list and tuple building, a
%% tail-recursive loop whose accumulator leaves 32 bits, mutual recursion, remote and closure
%% calls, and binary building by appends. Each returns a checksum so the work is not dead.
-module(shape_programs).
-export([fib/0, tak/0, nrev/0, qsort/0, tree/0, loop/0, mutual/0, remote/0, tlv/0]).
-export([remote_step/2]).

%% Naive Fibonacci: non-tail calls and small-integer arithmetic.
fib() -> fib(34).

fib(N) when N < 2 -> N;
fib(N) -> fib(N - 1) + fib(N - 2).

%% Takeuchi's function, 400 times.
tak() -> tak_times(400, 0).

tak_times(0, Acc) -> Acc;
tak_times(K, Acc) -> tak_times(K - 1, Acc + tak(18, 12, 6)).

tak(X, Y, Z) when Y < X -> tak(tak(X - 1, Y, Z), tak(Y - 1, Z, X), tak(Z - 1, X, Y));
tak(_, _, Z) -> Z.

%% Naive reverse of a 400-element list, 200 times: conses and appends.
nrev() ->
    L = seq(1, 400),
    nrev_times(200, L, 0).

nrev_times(0, _, Acc) -> Acc;
nrev_times(K, L, Acc) -> nrev_times(K - 1, L, Acc + hd(nrev(L))).

nrev([]) -> [];
nrev([H | T]) -> app(nrev(T), [H]).

app([], L) -> L;
app([H | T], L) -> [H | app(T, L)].

%% The programs call only their own module and BIFs (the benchmark loads no OTP modules).
seq(A, B) when A > B -> [];
seq(A, B) -> [A | seq(A + 1, B)].

last([X]) -> X;
last([_ | T]) -> last(T).

%% Quicksort of 20,000 pseudo-random integers (a 31-bit LCG), 10 times.
qsort() -> qsort_times(10, 0).

qsort_times(0, Acc) -> Acc;
qsort_times(K, Acc) ->
    Sorted = qs(randoms(20000, K)),
    qsort_times(K - 1, Acc + hd(Sorted) + last(Sorted)).

qs([]) -> [];
qs([P | T]) -> qs([X || X <- T, X < P]) ++ [P | qs([X || X <- T, X >= P])].

randoms(N, Seed) -> randoms(N, Seed, []).

randoms(0, _, Acc) -> Acc;
randoms(N, S, Acc) ->
    S1 = (S * 1103515245 + 12345) band 16#7FFFFFFF,
    randoms(N - 1, S1, [S1 | Acc]).

%% An unbalanced binary search tree of tuples: 120,000 inserts of pseudo-random keys, then a sum
%% over it.
tree() -> tree_sum(insert_all(randoms(120000, 7), nil), 0).

insert_all([], T) -> T;
insert_all([K | Ks], T) -> insert_all(Ks, insert(K, T)).

insert(K, nil) -> {K, nil, nil};
insert(K, {V, L, R}) when K < V -> {V, insert(K, L), R};
insert(K, {V, L, R}) when K > V -> {V, L, insert(K, R)};
insert(_, T) -> T.

tree_sum(nil, Acc) -> Acc;
tree_sum({V, L, R}, Acc) -> tree_sum(R, tree_sum(L, Acc + V rem 1000)).

%% A tight tail-recursive loop whose accumulator passes 2^32 (it ends at 100,060,000,003): on
%% 32-bit terms every addition past 2^27 is a bignum one.
loop() -> loop(20000000, 0).

loop(0, Acc) -> Acc;
loop(N, Acc) -> loop(N - 1, Acc + N rem 7 + 5000).

%% Mutual tail recursion (even/odd) and non-tail mutual recursion (ping/pong), one module.
mutual() -> mutual_times(5000, 0).

mutual_times(0, Acc) -> Acc;
mutual_times(K, Acc) ->
    E = case is_even(K + 1000) of true -> 1; false -> 0 end,
    mutual_times(K - 1, Acc + E + ping(200)).

is_even(0) -> true;
is_even(N) -> is_odd(N - 1).

is_odd(0) -> false;
is_odd(N) -> is_even(N - 1).

ping(0) -> 0;
ping(N) -> 1 + pong(N - 1).

pong(0) -> 0;
pong(N) -> 2 + ping(N - 1).

%% Fully-qualified `?MODULE:f()` calls (each one goes through the export table) and a closure
%% call per step.
remote() ->
    Add = fun(X, Y) -> X + Y end,
    remote_loop(10000000, Add, 0).

remote_loop(0, _, Acc) -> Acc;
remote_loop(N, Add, Acc) -> remote_loop(N - 1, Add, Add(?MODULE:remote_step(N, Acc), 1)).

remote_step(N, Acc) -> (Acc + N) band 16#FFFFFFF.

%% Builds a binary of 1,000,000 type-length-value records by appends of
%% `<<T:8, L:16/big, V:32/little>>`, then match-parses it.
tlv() -> tlv_parse(tlv_build(1000000, <<>>), 0).

tlv_build(0, Acc) -> Acc;
tlv_build(N, Acc) -> tlv_build(N - 1, <<Acc/binary, (N band 255):8, (N band 65535):16/big, N:32/little>>).

tlv_parse(<<T:8, L:16/big, V:32/little, Rest/binary>>, Acc) -> tlv_parse(Rest, Acc + T + L + V);
tlv_parse(<<>>, Acc) -> Acc.
