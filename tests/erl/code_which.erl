%% code:which/1, code:is_loaded/1 and code:where_is_file/1: files on the code path, loaded
%% modules (this program's own file, OTP's), preloaded modules, and OTP's errors.
-module(code_which).
-export([main/0]).

main() ->
    _ = lists:reverse([1, 2]),
    Self = code:which(?MODULE),
    {file, Self} = code:is_loaded(?MODULE),
    {lists:suffix("/code_which.beam", Self), hd(Self),
     code:which(lists), code:is_loaded(lists),
     code:which(erlang), code:is_loaded(erlang), code:which(init), code:which(zlib),
     code:which(ets), code:which(orddict), code:which(no_such_module_anywhere),
     code:is_loaded(no_such_module_anywhere),
     [code:where_is_file(F) || F <- ["lists.beam", "stdlib.app", "kernel.app", "nonexistent",
                                      "", ".", "../ebin/lists.beam", [$l, $i | "sts.beam"]]],
     [raised(fun() -> code:which(W) end) || W <- ["lists", 1, {lists}]],
     [raised(fun() -> code:is_loaded(W) end) || W <- ["lists", 1]],
     [raised(fun() -> code:where_is_file(W) end) || W <- [lists, <<"lists.beam">>]]}.

%% The class and reason of what F raises (stack traces differ between implementations).
raised(F) ->
    try F() catch Class:Reason -> {Class, Reason} end.
