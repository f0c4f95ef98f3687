%% The `error_info` of a failing BIF's frame names the module that explains it (erts's,
%% kernel's or stdlib's), `erlang:error/3`'s `{error_info, Map}` option ends the raiser's
%% frame, and erl's preloaded modules' frames have no source location.
-module(error_info_frames).
-export([main/0]).

top(F) ->
    try F() catch _:_:Stack -> [{M, Fn, Location} || {M, Fn, _, Location} <- [hd(Stack)]] end.

raiser() -> erlang:error(badarg, [x], [{error_info, #{module => my_explainer, cause => why}}]).

main() ->
    A = atomics:new(1, []),
    [top(F) || F <- [fun() -> os:getenv(1) end,
                     fun() -> persistent_term:get(no_such_key_here) end,
                     fun() -> binary:part(<<>>, 5, 1) end,
                     fun() -> lists:keyfind(a, 0, []) end,
                     fun() -> unicode:characters_to_binary(x) end,
                     fun() -> maps:get(a, #{}) end,
                     fun() -> re:run(1, 2) end,
                     fun() -> atomics:new(0, []) end,
                     fun() -> atomics:put(A, 2, 1) end,
                     fun() -> counters:new(1, [bad]) end,
                     fun() -> raiser() end,
                     fun() -> erlang:error(badarg, [y], [{error_info, not_a_map}]) end,
                     fun() -> erlang:error(badarg, [z], []) end]].
