%% Records: creation, field access, update (set_tuple_element), matching
%% (is_tagged_tuple), is_record guard, default values.
-module(records).
-export([main/0]).

-record(point, {x = 0, y = 0}).
-record(person, {name, age = 0, tags = [], pos = #point{}}).

main() ->
    P0 = #person{name = alice},
    P1 = P0#person{age = 30},
    P2 = birthday(birthday(P1)),
    P3 = move(P2, 3, 4),
    P4 = P3#person{tags = [a, b], name = bob},
    {P0, P1, P2, P3, P4,
     P4#person.name, (P4#person.pos)#point.y,
     describe(P4), describe(#point{x = 1}), describe({person, x}), describe(other),
     is_record(P4, person), is_record(P4, point), is_record(#point{}, point, 3),
     classify([P0, #point{}, {point, 1}, {point, 1, 2}, {person}, 7]),
     #point.y, #person.pos}.

birthday(#person{age = A} = P) -> P#person{age = A + 1}.

move(#person{pos = #point{x = X, y = Y} = Pt} = P, DX, DY) ->
    P#person{pos = Pt#point{x = X + DX, y = Y + DY}}.

describe(#person{name = N, age = A}) -> {person, N, A};
describe(#point{x = X, y = Y}) -> {point, X + Y};
describe(_) -> unknown.

classify([]) -> [];
classify([H | T]) when is_record(H, point) -> [pt | classify(T)];
classify([H | T]) when is_record(H, person) -> [pers | classify(T)];
classify([_ | T]) -> [other | classify(T)].
