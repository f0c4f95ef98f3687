%% erlang:apply/2,3 called by name (as Elixir's Task.Supervised does: apply(erlang, apply,
%% [Fun, Args])), through a fun, nested, and with bad arguments; function_exported/3 of them.
-module(apply_erlang_apply).
-export([main/0, inv/1]).

inv({M, F, A}) ->
    try erlang:apply(M, F, A)
    catch C:R -> {C, R}
    end.

main() ->
    Add = fun(X, Y) -> X + Y end,
    [?MODULE:inv({erlang, apply, [fun() -> 42 end, []]}),
     ?MODULE:inv({erlang, apply, [Add, [1, 2]]}),
     ?MODULE:inv({erlang, apply, [lists, reverse, [[1, 2]]]}),
     ?MODULE:inv({erlang, apply, [erlang, apply, [lists, seq, [1, 3]]]}),
     ?MODULE:inv({erlang, apply, [Add, [1]]}),
     ?MODULE:inv({erlang, apply, [Add, improper]}),
     ?MODULE:inv({erlang, apply, [lists, nosuch, []]}),
     ?MODULE:inv({erlang, apply, [notfun, []]}),
     (fun erlang:apply/2)(Add, [3, 4]),
     (fun erlang:apply/3)(erlang, tuple_size, [{a, b}]),
     [erlang:function_exported(erlang, apply, N) || N <- [1, 2, 3, 4]]].
