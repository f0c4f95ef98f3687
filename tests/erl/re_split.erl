-module(re_split).
-export([main/0]).
%% re:split/2,3: parts, trim, group, return types, unicode, empty pieces.
main() ->
    [re:split("a,b,,c,,", ","),
     re:split("a,b,,c,,", ",", [trim]),
     re:split("a,b,,c,,", ",", [{parts, 2}]),
     re:split("a,b,,c,,", ",", [{parts, 0}]),
     re:split("a,b,,c,,", ",", [{parts, infinity}, {return, list}]),
     re:split("a1b22c333", "\\d+", [{return, list}]),
     re:split("a1b22c333", "(\\d)+", [{return, list}, group]),
     re:split("a1b22c333", "(\\d)+", [{return, binary}]),
     re:split("abc", "", [{return, list}]),
     re:split("abc", "x", [{return, list}]),
     re:split("", ",", [{return, list}]),
     re:split("", ",", [{return, list}, trim]),
     re:split(<<"1 2  3">>, " +"),
     re:split(<<"é,ö,☃"/utf8>>, ",", [unicode, {return, list}]),
     re:split(<<"é,ö"/utf8>>, ",", [unicode, {return, binary}]),
     re:split("a-b_c", "[-_]", [{return, iodata}]),
     re:split("one two three", " ", [{parts, 2}, {return, list}]),
     re:split("x:y:z", "(:)", [{return, list}, trim, group])].
