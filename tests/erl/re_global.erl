-module(re_global).
-export([main/0]).
%% re:run/3 with global: every match, empty matches and how the loop steps past them.
main() ->
    [re:run("aaa", "", [global]),
     re:run("aaa", "a*", [global]),
     re:run("aaa", "a*?", [global]),
     re:run("baaab", "a*", [global, {capture, all, binary}]),
     re:run("ab12cd345", "\\d+", [global, {capture, all, list}]),
     re:run("ab12cd345", "([a-z]+)(\\d+)", [global, {capture, all_but_first, binary}]),
     re:run("ab12cd345", "([a-z]+)(\\d+)", [global, {capture, [2], index}]),
     re:run("ab12cd345", "(\\d)", [global, {capture, first, list}]),
     re:run("ab", "(a)|(b)", [global]),
     re:run("ab", "(a)|(b)", [global, {capture, all, list}]),
     re:run("aaa", "a", [global, {capture, none}]),
     re:run("aaa", "x", [global, {capture, none}]),
     re:run("aaa", "x", [global]),
     re:run("abcabc", "b", [global, {offset, 2}]),
     re:run("abc", "", [global, {offset, 3}]),
     re:run("abc", "", [global, {offset, 4}]),
     re:run("ab", "(?=b)", [global]),
     re:run("a\r\nb", "", [global, {newline, crlf}]),
     re:run("a\r\nb", "", [global]),
     re:run("a\nb\nc", "^", [global, multiline]),
     re:run("a\nb\nc", "$", [global, multiline, {capture, all, list}]),
     re:run(<<"xyzzy">>, "z*", [global, notempty]),
     re:run(["ab", <<"ab">>], "b", [global])].
