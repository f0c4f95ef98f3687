%% OTP's string module on lists: slicing, padding, searching, case, splitting.
-module(stdlib_string_more).
-export([main/0]).

main() ->
    S = "Hello, World",
    {string:slice(S, 7), string:pad("ab", 5, both, $*), string:find(S, "o"),
     string:find(S, "o", trailing), string:titlecase("erlang"), string:reverse("abc"),
     string:equal("abc", "ABC", true), string:prefix(S, "Hello"), string:is_empty(""),
     string:split("a=b=c", "="), string:split("a=b=c", "=", trailing),
     string:next_grapheme("xyz"), string:to_graphemes("ab")}.
