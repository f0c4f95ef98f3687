%% module_info/0,1, code:ensure_loaded/1 and erlang:function_exported/3 on the registry.
-module(stdlib_module_info).
-export([main/0, here/1]).

main() ->
    {module, lists} = code:ensure_loaded(lists),
    {?MODULE:module_info(module), ?MODULE:module_info(attributes),
     lists:sort(?MODULE:module_info(exports)),
     lists:keyfind(version, 1, ?MODULE:module_info(compile)),
     code:ensure_loaded(no_such_module_anywhere),
     erlang:function_exported(lists, seq, 2), erlang:function_exported(lists, seq, 9),
     erlang:function_exported(?MODULE, here, 1), lists:member({seq, 3}, lists:module_info(exports))}.

here(X) -> X.
