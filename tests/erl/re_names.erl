-module(re_names).
-export([main/0]).
%% Named groups: capture by name (atom, string, binary), all_names, inspect, dupnames.
main() ->
    {ok, MP} = re:compile("(?<year>\\d{4})-(?<month>\\d\\d)(?:-(?<day>\\d\\d))?"),
    {ok, D} = re:compile("(?<n>a)|(?<n>b)|(?<m>c)", [dupnames]),
    {ok, None} = re:compile("(a)(b)"),
    [re:inspect(MP, namelist),
     re:inspect(D, namelist),
     re:inspect(None, namelist),
     re:run("on 2024-05", MP, [{capture, all_names, binary}]),
     re:run("on 2024-05-17", MP, [{capture, all_names, list}]),
     re:run("on 2024-05", MP, [{capture, [day, "month", <<"year">>, nope, 0], index}]),
     re:run("on 2024-05", MP, [{capture, [year], list}, global]),
     re:run("2024-05 and 1999-12-31", MP, [{capture, all_names, binary}, global]),
     re:run("b", D, [{capture, [n], index}]),
     re:run("a", D, [{capture, [n, m], binary}]),
     re:run("c", D, [{capture, all_names}]),
     re:run("ab", "(a)(b)", [{capture, all_names}]),
     re:run("ab", None, [{capture, all_names}, global]),
     re:run("x", "(?<a>x)", [{capture, all_names, list}]),
     re:run("xy", "(?P<first>x)(?'second'y)", [{capture, [second, first], list}])].
