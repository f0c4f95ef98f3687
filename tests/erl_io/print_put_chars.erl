%% io:put_chars, io:write, io:nl, io:fwrite and unicode output.
-module(print_put_chars).
-export([main/0]).

main() ->
    io:put_chars("put_chars with a list\n"),
    io:put_chars(<<"put_chars with a binary\n">>),
    io:put_chars(["deep ", ["io", $l, "ist"], <<"\n">>]),
    io:write({written, [1, 2, 3], <<"bin">>}),
    io:nl(),
    io:fwrite("fwrite ~w~n", [ok]),
    io:format("unicode: ~ts~n", [[104, 233, 108, 108, 246, 32, 8364]]),
    ok.
