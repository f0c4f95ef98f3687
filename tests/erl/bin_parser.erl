-module(bin_parser).
-export([main/0]).
id(X) -> X.
main() ->
    Csv = id(<<"name,age,city\nalice,30,paris\nbob,4,rome\n\ncarol,1234,\n">>),
    Json = id(<<"[1, 22, -333, [4, []], 55555]">>),
    {lines(Csv, <<>>, [], []), sum_digits(Csv, 0), parse_value(skip_ws(Json)), count(Csv, $\n, 0)}.
lines(<<$\n, Rest/binary>>, Field, Fields, Acc) ->
    Row = lists:reverse([Field | Fields], []),
    lines(Rest, <<>>, [], [Row | Acc]);
lines(<<$,, Rest/binary>>, Field, Fields, Acc) -> lines(Rest, <<>>, [Field | Fields], Acc);
lines(<<C, Rest/binary>>, Field, Fields, Acc) -> lines(Rest, <<Field/binary, C>>, Fields, Acc);
lines(<<>>, _, _, Acc) -> lists:reverse(Acc, []).
sum_digits(<<C, R/binary>>, S) when C >= $0, C =< $9 -> sum_digits(R, S + C - $0);
sum_digits(<<_, R/binary>>, S) -> sum_digits(R, S);
sum_digits(<<>>, S) -> S.
count(<<C, R/binary>>, C, N) -> count(R, C, N + 1);
count(<<_, R/binary>>, C, N) -> count(R, C, N);
count(<<>>, _, N) -> N.
skip_ws(<<$\s, R/binary>>) -> skip_ws(R);
skip_ws(R) -> R.
parse_value(<<$[, R/binary>>) -> parse_list(skip_ws(R), []);
parse_value(<<$-, R/binary>>) -> {N, R2} = parse_int(R, 0), {-N, R2};
parse_value(R) -> parse_int(R, 0).
parse_int(<<C, R/binary>>, N) when C >= $0, C =< $9 -> parse_int(R, N * 10 + C - $0);
parse_int(R, N) -> {N, R}.
parse_list(<<$], R/binary>>, Acc) -> {lists:reverse(Acc, []), R};
parse_list(R, Acc) ->
    {V, R2} = parse_value(R),
    case skip_ws(R2) of
        <<$,, R3/binary>> -> parse_list(skip_ws(R3), [V | Acc]);
        <<$], R3/binary>> -> {lists:reverse([V | Acc], []), R3}
    end.
