-module(calls).
-export([body/1, tail/1, external_body/1]).

body(X) ->
    wrap(X),
    ok.

tail(X) -> wrap(X).

external_body(X) -> [lists:reverse(X)].

wrap(X) -> {X}.
