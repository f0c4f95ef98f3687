-module(etf_terms).
-export([main/0]).
%% term_to_binary of every kind of term beamwasm encodes, byte for byte as OTP 25, with the
%% minor versions (floats as text or IEEE, atoms in Latin-1 or UTF-8), and binary_to_term back.
main() ->
    Sub = binary:part(<<"0123456789abcdef">>, 3, 5),
    <<_:3, Bits:13/bitstring, _/bitstring>> = <<"bitstrings">>,
    Terms = [0, 1, 255, 256, -1, 1 bsl 31 - 1, -(1 bsl 31), 1 bsl 31, 1 bsl 59, -(1 bsl 59) - 1,
             1 bsl 64, -(1 bsl 200), 1 bsl 2100,
             0.0, 1.5, -2.25, 3.141592653589793, 1.0e300, 5.0e-324, 123456789.125,
             a, abc, 'with space', '', 'ünïcödé', '日本語', list_to_atom(lists:duplicate(255, $x)),
             [], "string", [1, 2, 3], [256, 1], [a | b], [1, 2 | 3], [[]], lists:seq(1, 300),
             {}, {a}, {1, 2, 3}, list_to_tuple(lists:seq(1, 256)),
             <<>>, <<"binary">>, Sub, Bits, <<1:1>>, <<255, 7:3>>,
             #{}, #{a => 1}, #{1 => a, 1.0 => b, "k" => [], {t} => #{nested => true}},
             maps:from_list([{I, I * I} || I <- lists:seq(1, 32)]),
             fun lists:map/2, fun erlang:'+'/2,
             {[a, {b, <<"c">>}], #{d => [e]}, 3.0}],
    Encoded = [{term_to_binary(T), term_to_binary(T, [{minor_version, 0}]),
                term_to_binary(T, [{minor_version, 2}]), term_to_binary(T, [deterministic])}
               || T <- Terms],
    Back = [{T =:= binary_to_term(term_to_binary(T)),
             T =:= binary_to_term(term_to_binary(T, [{minor_version, 0}])),
             T =:= binary_to_term(term_to_binary(T, [{minor_version, 2}]))} || T <- Terms],
    Floats = [term_to_binary(F, [{minor_version, 0}]) || F <- [0.1, -0.0, 1.0e-10, 2.5e+22, 1.7976931348623157e308]],
    {Encoded, Back, Floats}.
