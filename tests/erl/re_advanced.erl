-module(re_advanced).
-export([main/0]).
%% PCRE features: lookahead/lookbehind, backreferences, atomic groups, possessive
%% quantifiers, \K, conditionals, recursion, named backreferences, \b, \d classes, lazy.
main() ->
    L = fun(S, P) -> re:run(S, P, [global, {capture, all, list}]) end,
    [L("price: $42, cost: $7", "(?<=\\$)\\d+"),
     L("price: $42, cost: 7", "(?<!\\$)\\b\\d+"),
     L("foobar foobaz", "foo(?=baz)"),
     L("foobar foobaz", "foo(?!baz)\\w+"),
     L("hello hello world world x", "\\b(\\w+) \\1\\b"),
     L("abab cdcd", "(?<p>\\w\\w)\\k<p>"),
     L("abab cdcd", "(?P<p>\\w\\w)(?P=p)"),
     L("aaab", "(?>a+)b"),
     L("aaa", "(?>a+)a"),
     L("aaa", "a++a"),
     L("aaab", "a*+b"),
     L("foobar", "foo\\Kbar"),
     L("(a(b)c) (d)", "\\((?:[^()]|(?R))*\\)"),
     L("<a> b", "(<)?\\w(?(1)>)"),
     L("x12y345", "\\d{2,3}"),
     L("x12y345", "\\d{2,3}?"),
     L("a.b*c", "\\Q.b*\\E"),
     L("tab\there", "\\s"),
     L("AbC", "[[:upper:]]"),
     L("abc", "(?|(a)|(b)|(c))"),
     L("aBc", "(?i:b)c"),
     L("2024-05-17", "(\\d+)-(?1)-(?1)"),
     re:run("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab", "(a|aa)+$", [{capture, none}]),
     re:run("xyz", "(*ANY)y"),
     re:run("ab", "a(*SKIP)(*FAIL)|b", [global])].
