%% try/catch of each class, with `of` clauses and class patterns.
-module(exc_try_classes).
-export([main/0]).

main() ->
    [classify(fun_id(I)) || I <- [1, 2, 3, 4, 5, 6]].

fun_id(I) -> I.

classify(I) ->
    try action(I) of
        {ok, V} -> {returned, V};
        Other -> {other, Other}
    catch
        throw:T -> {thrown, T};
        exit:E -> {exited, E};
        error:{badmatch, _} = R -> {badmatch_error, R};
        error:R -> {error, R}
    end.

action(1) -> {ok, 1};
action(2) -> throw(two);
action(3) -> exit(three);
action(4) -> error(four);
action(5) -> {ok, _} = not_ok(5);
action(6) -> plain.

not_ok(X) -> X.
