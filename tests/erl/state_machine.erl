%% A finite-state machine over atoms (select_val on state x event),
%% driven by a long event list; also a tokenizer state machine over chars.
-module(state_machine).
-export([main/0]).

main() ->
    Events = cycle([coin, push, push, coin, coin, push, kick, coin], 1000, []),
    {drive(locked, Events, {0, 0, 0}),
     tokens("foo = bar42 + 17*(x1 - 305) ; end")}.

cycle(_, 0, Acc) -> Acc;
cycle(L, N, Acc) -> cycle(L, N - 1, L ++ Acc).

drive(State, [], Counts) -> {State, Counts};
drive(State, [E | Es], {C, P, K}) ->
    Next = turnstile(State, E),
    Counts = case E of
                 coin -> {C + 1, P, K};
                 push -> {C, P + 1, K};
                 _ -> {C, P, K + 1}
             end,
    drive(Next, Es, Counts).

turnstile(locked, coin) -> unlocked;
turnstile(locked, push) -> locked;
turnstile(unlocked, coin) -> unlocked;
turnstile(unlocked, push) -> locked;
turnstile(_, kick) -> broken;
turnstile(broken, coin) -> locked;
turnstile(broken, _) -> broken.

tokens(S) -> tok(S, start, [], []).

tok([], start, _, Acc) -> rev(Acc, []);
tok([], ident, Cur, Acc) -> rev([{id, list_to_atom(rev(Cur, []))} | Acc], []);
tok([], num, Cur, Acc) -> rev([{int, list_to_integer(rev(Cur, []))} | Acc], []);
tok([C | T] = S, start, _, Acc) ->
    if
        C >= $a, C =< $z -> tok(T, ident, [C], Acc);
        C >= $0, C =< $9 -> tok(T, num, [C], Acc);
        C =:= $\s -> tok(T, start, [], Acc);
        true -> tok_punct(S, Acc)
    end;
tok([C | T] = S, ident, Cur, Acc) ->
    if
        C >= $a, C =< $z; C >= $0, C =< $9 -> tok(T, ident, [C | Cur], Acc);
        true -> tok(S, start, [], [{id, list_to_atom(rev(Cur, []))} | Acc])
    end;
tok([C | T] = S, num, Cur, Acc) ->
    if
        C >= $0, C =< $9 -> tok(T, num, [C | Cur], Acc);
        true -> tok(S, start, [], [{int, list_to_integer(rev(Cur, []))} | Acc])
    end.

tok_punct([C | T], Acc) ->
    P = case C of
            $= -> eq;
            $+ -> plus;
            $- -> minus;
            $* -> times;
            $( -> lparen;
            $) -> rparen;
            $; -> semi
        end,
    tok(T, start, [], [P | Acc]).

rev([], Acc) -> Acc;
rev([H | T], Acc) -> rev(T, [H | Acc]).
