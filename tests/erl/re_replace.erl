-module(re_replace).
-export([main/0]).
%% re:replace/3,4: \N, \g{N}, \g{name}, &, escapes, global, return types.
main() ->
    [re:replace("abcd", "c", "[&]", [{return, list}]),
     re:replace("abcd", "c", "[\\&]", [{return, list}]),
     re:replace("abcabc", "(b)(c)", "\\2\\1", [global, {return, list}]),
     re:replace("abcabc", "(b)(c)", "\\g2-\\g{1}0", [{return, list}]),
     re:replace("2024-05-17", "(?<y>\\d+)-(?<m>\\d+)-(?<d>\\d+)", "\\g{3}/\\g{2}/\\g1",
                [{return, binary}]),
     re:replace("aaa", "a*", "x", [global, {return, list}]),
     re:replace("aaa", "", "-", [global, {return, list}]),
     re:replace("hello world", "o", "0", [global, {return, binary}]),
     re:replace("hello world", "O", "0", [caseless, {return, list}]),
     re:replace(<<"abc">>, "b", <<"\\\\">>, [{return, list}]),
     re:replace("abc", "(x)?b", "[\\1]", [{return, list}]),
     re:replace(<<"héllo"/utf8>>, "é", "e", [unicode, {return, binary}]),
     re:replace(<<"héllo"/utf8>>, ".", "<&>", [unicode, global, {return, list}]),
     iolist_to_binary(re:replace("abc", "b", "X")),
     re:replace("a.b.c", "\\.", "", [global, {return, list}])].
