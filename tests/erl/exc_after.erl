%% try ... after: the after body runs on every path; its value is discarded.
-module(exc_after).
-export([main/0]).

main() ->
    R1 = nest(ok),
    R2 = (catch nest(throw)),
    R3 = (catch nest(error)),
    R4 = try try throw(inner) after ignored end catch throw:I -> {got, I} end,
    {R1, R2, element(1, R3), R4, counts()}.

nest(How) ->
    try
        try act(How) of
            V -> {value, V}
        after
            side
        end
    after
        other_side
    end.

act(ok) -> fine;
act(throw) -> throw(thrown);
act(error) -> error(failed).

counts() ->
    lists:reverse(count(5, []), []).

count(0, Acc) -> Acc;
count(N, Acc) ->
    V = try
            if N rem 2 =:= 0 -> throw(N); true -> N end
        catch
            throw:X -> {even, X}
        after
            ok
        end,
    count(N - 1, [V | Acc]).
