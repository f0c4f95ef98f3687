-module(re_compiled).
-export([main/0]).
%% The compiled pattern term: its fields, reuse across processes and calls, and options given
%% to compile versus to run.
main() ->
    {ok, {re_pattern, N1, U1, C1, B1}} = re:compile("(a)(?:b)(c)?"),
    {ok, {re_pattern, N2, U2, C2, _}} = re:compile(<<"(?<x>.)">>, [unicode]),
    {ok, {re_pattern, N3, U3, C3, _}} = re:compile("x", [{newline, crlf}]),
    {ok, {re_pattern, N4, U4, C4, _}} = re:compile("x", [{newline, anycrlf}, caseless]),
    {ok, MP} = re:compile(["a", [$b | <<"+">>]], [caseless]),
    Self = self(),
    spawn(fun() -> Self ! {done, re:run("xABBBy", MP, [{capture, all, list}])} end),
    Other = receive {done, R} -> R end,
    {ok, MP2} = re:compile("(a)(?:b)(c)?"),
    [{N1, U1, C1, is_binary(B1)}, {N2, U2, C2}, {N3, U3, C3}, {N4, U4, C4},
     Other,
     re:run("xABBBy", MP, [{capture, all, binary}]),
     MP2 =:= element(2, re:compile("(a)(?:b)(c)?")),
     re:run("abc", MP2, [global]),
     re:run("ab", MP2, [{capture, all, list}]),
     re:run("a\r\nb", element(2, re:compile("^b", [multiline, {newline, crlf}]))),
     re:run("a\rb", element(2, re:compile("^b", [multiline])), [{newline, cr}]),
     re:run("a\nb", element(2, re:compile("^b", [multiline])), [{newline, cr}]),
     re:split("a1b2c", element(2, re:compile("\\d")), [{return, list}]),
     re:replace("a1b2c", element(2, re:compile("\\d")), "#", [global, {return, list}]),
     [re:run(integer_to_list(I), "^(\\d)\\1*$", [{capture, none}]) || I <- [1, 11, 12, 777]]].
