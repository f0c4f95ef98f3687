%% Big and varied terms survive the trip to another process and back.
-module(proc_big_messages).
-export([main/0]).

main() ->
    Self = self(),
    Echo = spawn(fun() -> echo(Self) end),
    Terms = [lists:reverse(seq(1, 100000), []),
             {a, {b, {c, [1.5, -2.25e10]}}},
             123456789012345678901234567890,
             #{a => 1, "b" => [2], {c} => #{d => 4}},
             maps:from_list([{I, I * I} || I <- seq(1, 100)]),
             fun(X) -> X * 3 end,
             "a string",
             [improper | list]],
    [Echo ! {echo, T} || T <- Terms],
    Back = [receive {back, B} -> B end || _ <- Terms],
    Echo ! stop,


    {[T =:= B || {T, B} <- zip(Terms, Back)], (element(6, list_to_tuple(Back)))(14)}.

echo(Parent) ->
    receive
        {echo, T} -> Parent ! {back, T}, echo(Parent);
        stop -> ok
    end.

seq(A, B) when A > B -> [];
seq(A, B) -> [A | seq(A + 1, B)].

zip([A | As], [B | Bs]) -> [{A, B} | zip(As, Bs)];
zip([], []) -> [].
