%% Programs the execution benchmark runs; each entry returns a checksum so the work is not dead.
-module(bench_programs).
-export([fib/0, tak/0, nrev/0, loop/0, bigloop/0, hugeloop/0, calls/1]).

%% How many Erlang function calls one run of each benchmark makes (for ns per call).
calls(fib) -> fib_calls(27);
calls(tak) -> 63609;
calls(nrev) -> 20 * (1 + 501 + 500 * 501 div 2);
calls(loop) -> 1000001;
calls(bigloop) -> 1000001;
calls(hugeloop) -> 1000001.

fib() -> fib(27).
fib(N) when N < 2 -> N;
fib(N) -> fib(N - 1) + fib(N - 2).
fib_calls(N) when N < 2 -> 1;
fib_calls(N) -> 1 + fib_calls(N - 1) + fib_calls(N - 2).

tak() -> tak(18, 12, 6).
tak(X, Y, Z) when Y < X -> tak(tak(X - 1, Y, Z), tak(Y - 1, Z, X), tak(Z - 1, X, Y));
tak(_, _, Z) -> Z.

nrev() -> nrev_times(20, lists_seq(1, 500), 0).
nrev_times(0, _, Acc) -> Acc;
nrev_times(N, L, Acc) -> nrev_times(N - 1, L, Acc + hd(nrev(L))).
nrev([H | T]) -> app(nrev(T), [H]);
nrev([]) -> [].
app([H | T], L) -> [H | app(T, L)];
app([], L) -> L.
lists_seq(A, B) when A > B -> [];
lists_seq(A, B) -> [A | lists_seq(A + 1, B)].

%% A tail-recursive loop whose integers stay small: call overhead.
loop() -> loop(1000000, 0).
loop(0, Acc) -> Acc;
loop(N, Acc) -> loop(N - 1, (Acc + N) band 16#FFFFFF).

%% The same loop with an accumulator past 2^32 (5 * 10^11 at the end): with 32-bit terms every
%% addition past 2^27 was a boxed (bignum) one; 64-bit terms keep it small.
bigloop() -> bigloop(1000000, 0).
bigloop(0, Acc) -> Acc;
bigloop(N, Acc) -> bigloop(N - 1, Acc + N).

%% The same loop with an accumulator past 2^64: every addition is a bignum one.
hugeloop() -> hugeloop(1000000, 1 bsl 64).
hugeloop(0, Acc) -> Acc;
hugeloop(N, Acc) -> hugeloop(N - 1, Acc + N).
