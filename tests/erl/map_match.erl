-module(map_match).
-export([main/0]).
id(X) -> X.
area(#{shape := circle, r := R}) -> {circle, 3 * R * R};
area(#{shape := rect, w := W, h := H}) -> {rect, W * H};
area(#{shape := S}) -> {unknown, S};
area(_) -> not_a_shape.
kind(M) ->
    case M of
        #{type := a, value := V} when V > 10 -> big_a;
        #{type := a} -> a;
        #{type := T} when is_atom(T) -> {other, T};
        #{} -> empty_or_untyped;
        _ -> nomap
    end.
both(#{x := X} = M, #{x := X}) -> {same_x, map_size(M)};
both(_, _) -> differ.
key_var(K, M) -> case M of #{K := V} -> {found, V}; _ -> missing end.
main() ->
    Shapes = [#{shape => circle, r => 2}, #{shape => rect, w => 3, h => 4},
              #{shape => hexagon}, #{r => 1}, id(42)],
    Kinds = [#{type => a, value => 11}, #{type => a, value => 1}, #{type => b},
             #{type => "str"}, #{}, [1]],
    {[area(id(S)) || S <- Shapes], [kind(id(K)) || K <- Kinds],
     both(id(#{x => 1, y => 2}), id(#{x => 1})), both(id(#{x => 1}), id(#{x => 2})),
     key_var(id(b), id(#{a => 1, b => 2})), key_var(id(z), id(#{a => 1})),
     key_var(id(1.0), id(#{1 => int})), key_var(id(1), id(#{1 => int}))}.
