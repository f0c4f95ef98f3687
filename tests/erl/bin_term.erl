-module(bin_term).
-export([main/0]).
id(X) -> X.
main() ->
    Terms = id([0, 255, 256, -1, 1 bsl 27, -(1 bsl 31), 1 bsl 31, 1 bsl 64, -(1 bsl 200), 1.5, -0.0, 1.0e300,
                atom, 'héllo', '', [], "string", [1, 2 | 3], [a, "b", <<"c">>], {}, {a, {b, {c}}},
                <<>>, <<1, 2, 3>>, <<1:3>>, <<255, 7:5>>, list_to_tuple(seq(300)), seq(70000),
                [<<X>> || X <- seq(20)], {[], [[]], {[{}]}}]),
    Encoded = [term_to_binary(T) || T <- Terms],
    Back = [binary_to_term(E) || E <- Encoded],
    {Back =:= Terms, [E || E <- Encoded, byte_size(E) < 40], [byte_size(E) || E <- Encoded],
     binary_to_term(<<131, 100, 0, 3, "abc">>), binary_to_term(<<131, 107, 0, 2, 1, 2>>),
     binary_to_term(<<131, 119, 3, "xyz">>), binary_to_term(<<131, 97, 5>>)}.
seq(0) -> [];
seq(N) -> [N rem 256 | seq(N - 1)].
