-module(re_unicode).
-export([main/0]).
%% unicode: UTF-8 subjects, byte indexes, characters in list captures, ucp, lists of code points.
main() ->
    S = <<"héllo wörld ☃ 𝄞"/utf8>>,
    {ok, MP} = re:compile("\\w+", [unicode, ucp]),
    [re:run(S, "ö", [unicode]),
     re:run(S, MP, [global, {capture, all, binary}]),
     re:run(S, MP, [global, {capture, all, list}]),
     re:run(S, MP, [global]),
     re:run(S, "\\w+", [unicode, global]),
     re:run(S, ".", [unicode, global, {capture, all, index}]),
     re:run(S, "", [unicode, global]),
     re:run(S, "(.)(.)$", [unicode, {capture, all, list}]),
     re:run(S, "(.)(.)$", [unicode, {capture, all, binary}]),
     re:run("hé☃", "(.)(.)(.)", [unicode, {capture, all, list}]),
     re:run([$a, 9731, $b], [9731], [unicode]),
     re:run([$a, 9731, $b], "☃", [unicode, {capture, all, list}]),
     re:run("abc", "B", [unicode, caseless]),
     re:run(<<"ÄÖ"/utf8>>, "ä", [unicode, caseless]),
     re:run(<<"Straße"/utf8>>, "\\x{df}", [unicode, {capture, all, binary}]),
     re:run(<<"aé"/utf8>>, "é", [{capture, all, list}]),
     re:compile(<<"é"/utf8>>, [unicode]) =:= re:compile("é", [unicode])].
