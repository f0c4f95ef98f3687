%% stdlib group: string functions over unicode_util and the unicode BIFs (case mapping,
%% split, trim, length, graphemes, normalization).
-module(stdlib_string).
-export([main/0]).

t(F) -> try F() catch C:R -> {C, R} end.

main() ->
    [t(F) || F <- [fun() -> string:uppercase("hello wörld") end, fun() -> string:uppercase(<<"abc"/utf8>>) end,
                   fun() -> string:split("a,b,c", ",") end, fun() -> string:split("a,b,c", ",", all) end,
                   fun() -> string:trim("  hi  ") end, fun() -> string:length("héllo") end, fun() -> string:length(<<"héllo"/utf8>>) end,
                   fun() -> string:to_lower("HeLLo") end,
                   fun() -> string:lowercase("ÅÄÖ") end, fun() -> string:titlecase("hello") end,
                   fun() -> string:reverse("abc") end, fun() -> string:slice("hello world", 2, 5) end,
                   fun() -> string:pad("ab", 5) end, fun() -> string:find("hello world", "o w") end,
                   fun() -> string:equal("abc", <<"abc">>) end, fun() -> string:is_empty([[], <<>>]) end,
                   fun() -> string:to_upper("abc") end, fun() -> string:tokens("a,b;c", ",;") end,
                   fun() -> string:join(["a","b"], ", ") end, fun() -> string:replace("a-b-c", "-", "+", all) end,
                   fun() -> string:next_grapheme("åbc") end, fun() -> string:to_graphemes("e\x{301}x") end,
                   fun() -> string:casefold("ΣAB") end, fun() -> string:chomp("abc\n") end,
                   fun() -> string:take("abc123", lists:seq($a,$z)) end, fun() -> unicode:characters_to_nfd_list("åäö") end,
                   fun() -> unicode:characters_to_nfc_binary("a\x{30a}") end]].
