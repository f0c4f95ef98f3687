%% A module the host-API example calls from Rust.
-module(shapes).
-export([area/1, describe/1, total_area/1, echo/1]).

area({circle, R}) -> math:pi() * R * R;
area({rect, W, H}) -> W * H.

describe(#{name := Name, sides := Sides}) ->
    lists:flatten(io_lib:format("~s has ~b sides", [Name, Sides])).

total_area(Shapes) -> lists:sum([area(S) || S <- Shapes]).

echo(Term) -> Term.
