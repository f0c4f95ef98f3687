-module(bin_mod_suite).
-export([main/0]).
%% Cases in the manner of OTP's binary_module_SUITE: searches over random-ish data checked
%% against a naive reference, big subjects, patterns at the ends, overlapping candidates.
id(X) -> X.
%% The reference: leftmost-longest, non-overlapping.
ref_matches(S, Pats) -> ref_matches(S, Pats, 0, []).
ref_matches(S, _Pats, Pos, Acc) when Pos >= byte_size(S) -> lists:reverse(Acc);
ref_matches(S, Pats, Pos, Acc) ->
    Lens = [byte_size(P) || P <- Pats, Pos + byte_size(P) =< byte_size(S),
                            binary:part(S, Pos, byte_size(P)) =:= P],
    case Lens of
        [] -> ref_matches(S, Pats, Pos + 1, Acc);
        _ -> L = lists:max(Lens), ref_matches(S, Pats, Pos + L, [{Pos, L} | Acc])
    end.
gen(0, _, Acc) -> list_to_binary(Acc);
gen(N, Seed, Acc) ->
    Next = (Seed * 1103515245 + 12345) rem 2147483648,
    gen(N - 1, Next, [$a + (Next bsr 16) rem 3 | Acc]).
main() ->
    Subjects = [gen(N, N * 7, []) || N <- [0, 1, 2, 5, 17, 64, 65, 200, 1000]],
    PatternSets = [[<<"a">>], [<<"ab">>], [<<"abc">>, <<"b">>], [<<"cc">>, <<"c">>, <<"ccc">>],
                   [<<"aaa">>], [<<"ba">>, <<"bab">>, <<"a">>], [<<"cab">>, <<"abc">>, <<"bca">>]],
    Agree = [binary:matches(S, P) =:= ref_matches(S, P) andalso
             binary:matches(S, binary:compile_pattern(P)) =:= ref_matches(S, P) andalso
             binary:match(S, P) =:= case ref_matches(S, P) of [] -> nomatch; [M | _] -> M end
             || S <- Subjects, P <- PatternSets],
    Big = id(binary:copy(<<"0123456789">>, 10000)),
    Needle = <<"9012">>,
    SplitCount = length(binary:split(Big, Needle, [global])),
    Last = binary:match(Big, <<"789">>, [{scope, {byte_size(Big), -5}}]),
    Ends = {binary:match(<<"abc">>, <<"abc">>), binary:match(<<"xabc">>, <<"abc">>),
            binary:match(<<"abcx">>, <<"abc">>), binary:match(<<"ab">>, <<"abc">>),
            binary:matches(<<"abcabc">>, <<"abc">>, [{scope, {1, 5}}])},
    Sub = binary:part(Big, 3, 100),
    {lists:all(fun(X) -> X end, Agree), length(Agree), SplitCount, Last, Ends,
     binary:matches(Sub, <<"0">>) =:= [{I, 1} || I <- lists:seq(7, 99, 10)],
     binary:referenced_byte_size(Sub), binary:referenced_byte_size(binary:copy(Sub)),
     [binary:referenced_byte_size(P) || P <- binary:split(Big, <<"5">>)],
     binary:longest_common_prefix([Big, binary:part(Big, 0, 5000), <<"0123X">>]),
     binary:longest_common_suffix([Big, <<"789">>, <<"89">>]),
     binary:decode_unsigned(binary:encode_unsigned(1 bsl 1000 - 1)) =:= 1 bsl 1000 - 1,
     byte_size(binary:encode_unsigned(1 bsl 1000, little)),
     binary:bin_to_list(Big, {99990, 10}), binary:at(Big, 99999), binary:last(Big)}.
