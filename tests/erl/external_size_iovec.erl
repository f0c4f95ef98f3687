%% erlang:external_size/1,2 is byte_size(term_to_binary(T)) ({minor_version, 0 | 1} only;
%% badarg for other options), and term_to_iovec/1,2 is term_to_binary/1,2 as a list of
%% binaries with the data of binaries over 64 bytes in elements of their own (a compressed
%% encoding is one binary, as OTP hands it back).
-module(external_size_iovec).
-export([main/0]).

r(F) -> try F() catch C:R -> {C, R} end.

terms() ->
    Big = binary:copy(<<"c">>, 200),
    [a, 'hello world', 1, -1, 255, 256, 1 bsl 40, -(1 bsl 80), 1.5, -0.0, "abc", "",
     lists:seq(1, 300), [1, 2 | 3], [a, "b", <<"c">>], <<>>, <<1, 2, 3>>, <<1:3>>, <<7, 1:5>>,
     {}, {a, b}, list_to_tuple(lists:seq(1, 300)), #{}, #{a => 1, "b" => [2]},
     maps:from_list([{I, I} || I <- lists:seq(1, 40)]),
     fun lists:map/2, binary:copy(<<"a">>, 64), binary:copy(<<"b">>, 65), Big,
     binary:part(Big, 10, 100), binary:part(Big, 0, 10), <<Big/binary, 1:3>>, {Big, Big},
     [Big | Big], #{k => Big}, [binary:copy(<<"y">>, 70)], {1.0, [Big, {<<"s">>, Big}], "t"},
     'ünïcödé', [1114111, 256], <<"ünïcödé"/utf8>>].

main() ->
    Ts = terms(),
    Sizes = [{erlang:external_size(T), byte_size(term_to_binary(T))} || T <- Ts],
    Minor = [{erlang:external_size(T, [{minor_version, M}]),
              byte_size(term_to_binary(T, [{minor_version, M}]))}
             || T <- [1.5, a, 'ünï', {2.5, "x"}], M <- [0, 1]],
    Options = [r(fun() -> erlang:external_size(a, O) end)
               || O <- [[], [{minor_version, 0}], [{minor_version, 1}], [{minor_version, 1}, {minor_version, 0}],
                        [{minor_version, 2}], [{minor_version, 3}], [compressed], [deterministic],
                        [{compressed, 3}], [local], foo, [foo], [{minor_version, a}]]],
    Shapes = [[byte_size(B) || B <- erlang:term_to_iovec(T)] || T <- Ts],
    Same = [iolist_to_binary(erlang:term_to_iovec(T)) =:= term_to_binary(T) || T <- Ts],
    Iovecs = [erlang:term_to_iovec(T) || T <- [a, {<<1, 2>>, binary:copy(<<"x">>, 100)}, [binary:copy(<<"y">>, 70)]]],
    %% A compressed encoding is compared by what it decodes to (zlib's bytes may differ).
    With = [case r(fun() -> erlang:term_to_iovec(T, O) end) of
                B when is_binary(B) -> {binary, binary_to_term(B) =:= T};
                Other -> Other
            end
            || T <- [a, binary:copy(<<"b">>, 65), {1.5, binary:copy(<<"c">>, 200)}],
               O <- [[], [{minor_version, 0}], [{minor_version, 2}], [{compressed, 0}], [compressed],
                     [{compressed, 9}], [deterministic], [local], foo, [foo]]],
    Decoded = [binary_to_term(iolist_to_binary(erlang:term_to_iovec(T, [compressed]))) =:= T
               || T <- Ts, not (is_map(T) andalso map_size(T) > 32)],
    {Sizes, Minor, Options, Shapes, Same, Iovecs, With, Decoded}.
