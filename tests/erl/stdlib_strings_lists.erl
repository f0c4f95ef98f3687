%% String handling that needs only lists: string:tokens/join/substr, lists on strings.
-module(stdlib_strings_lists).
-export([main/0]).

main() ->
    S = "the quick brown fox",
    {string:tokens(S, " "), string:join(["a", "b", "c"], "-"), string:substr(S, 5, 5),
     string:chr(S, $q), string:str(S, "brown"), string:copies("ab", 3),
     string:to_upper("mixed Case"), string:to_lower("MIXED"), lists:reverse(S),
     string:left("ab", 5, $.), string:right("ab", 5), string:centre("ab", 6)}.
