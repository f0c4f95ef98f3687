%% Strings as lists: atom_to_list, list_to_atom, integer_to_list,
%% list_to_integer (small, big, negative), string building and matching.
%% Literals go through the exported id/1 so the compiler cannot fold the BIFs.
-module(strings).
-export([main/0, id/1]).

main() ->
    {atom_to_list(id(hello)), atom_to_list(id('with space')), atom_to_list(id('')),
     list_to_atom("made_" ++ integer_to_list(id(42))),
     list_to_atom(id("")), list_to_atom(id("Quoted Atom")),
     integer_to_list(id(0)), integer_to_list(id(-123)), integer_to_list(id(1 bsl 90)),
     integer_to_list(id(-(1 bsl 64))),
     list_to_integer(id("12345")), list_to_integer(id("-987")), list_to_integer(id("+17")),
     list_to_integer(id("123456789012345678901234567890")),
     list_to_integer(id("-000042")),
     roundtrip([0, 1, -1, 134217727, 134217728, -134217729, 1 bsl 64, -(1 bsl 100)]),
     upcase(id("Hello, World!")), words(id("the quick  brown fox")),
     palindrome(id("racecar")), palindrome(id("abca")),
     prefix("foo", id("foobar")), prefix("bar", id("foobar")),
     id("abc") ++ id("def"), [$a, $b | id("cd")], id($\n), id("tab\there"),
     join(id([alpha, beta, gamma]), ", ")}.

id(X) -> X.

roundtrip([]) -> [];
roundtrip([N | Ns]) -> [list_to_integer(integer_to_list(N)) =:= N | roundtrip(Ns)].

upcase([]) -> [];
upcase([C | Cs]) when C >= $a, C =< $z -> [C - 32 | upcase(Cs)];
upcase([C | Cs]) -> [C | upcase(Cs)].

words(S) -> words(S, [], []).
words([], [], Acc) -> rev(Acc, []);
words([], W, Acc) -> rev([rev(W, []) | Acc], []);
words([$\s | T], [], Acc) -> words(T, [], Acc);
words([$\s | T], W, Acc) -> words(T, [], [rev(W, []) | Acc]);
words([C | T], W, Acc) -> words(T, [C | W], Acc).

rev([], Acc) -> Acc;
rev([H | T], Acc) -> rev(T, [H | Acc]).

palindrome(S) -> S =:= rev(S, []).

prefix([], _) -> true;
prefix([C | P], [C | S]) -> prefix(P, S);
prefix(_, _) -> false.

join([A], _) -> atom_to_list(A);
join([A | As], Sep) -> atom_to_list(A) ++ Sep ++ join(As, Sep).
