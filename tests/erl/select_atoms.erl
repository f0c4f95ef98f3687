%% select_val on atoms: function heads and case on many atoms, with a
%% default, plus atom-keyed dispatch returning atoms.
-module(select_atoms).
-export([main/0]).

main() ->
    Days = [mon, tue, wed, thu, fri, sat, sun, holiday, mon],
    {[num(D) || D <- Days], [kind(D) || D <- Days], next_n(mon, 15),
     [op(O, 12, 5) || O <- [add, sub, mul, 'div', 'rem', 'band', 'bor', 'bxor', unknown]]}.

num(mon) -> 1;
num(tue) -> 2;
num(wed) -> 3;
num(thu) -> 4;
num(fri) -> 5;
num(sat) -> 6;
num(sun) -> 7;
num(_) -> 0.

kind(D) ->
    case D of
        sat -> weekend;
        sun -> weekend;
        holiday -> off;
        _ -> weekday
    end.

next(mon) -> tue;
next(tue) -> wed;
next(wed) -> thu;
next(thu) -> fri;
next(fri) -> sat;
next(sat) -> sun;
next(sun) -> mon.

next_n(D, 0) -> [D];
next_n(D, N) -> [D | next_n(next(D), N - 1)].

op(add, A, B) -> A + B;
op(sub, A, B) -> A - B;
op(mul, A, B) -> A * B;
op('div', A, B) -> A div B;
op('rem', A, B) -> A rem B;
op('band', A, B) -> A band B;
op('bor', A, B) -> A bor B;
op('bxor', A, B) -> A bxor B;
op(_, _, _) -> undefined.
