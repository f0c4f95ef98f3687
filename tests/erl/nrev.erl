%% Naive reverse (quadratic append) of a 500-element list, repeated.
-module(nrev).
-export([main/0]).

main() ->
    L = range(1, 500),
    R = loop(20, L, []),
    {length(R), hd(R), nth(250, R), nrev([a, b, c]), nrev([])}.

loop(0, _, R) -> R;
loop(N, L, _) -> loop(N - 1, L, nrev(L)).

nrev([]) -> [];
nrev([H | T]) -> app(nrev(T), [H]).

app([], L) -> L;
app([H | T], L) -> [H | app(T, L)].

range(A, B) when A > B -> [];
range(A, B) -> [A | range(A + 1, B)].

nth(1, [H | _]) -> H;
nth(N, [_ | T]) -> nth(N - 1, T).
