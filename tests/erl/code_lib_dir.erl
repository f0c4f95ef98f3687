%% code:root_dir/0, lib_dir/0,1,2 and priv_dir/1: OTP's application directories by name (atom
%% or string), after add_patha/del_path change which directory a name stands for, and OTP's
%% errors.
-module(code_lib_dir).
-export([main/0]).

main() ->
    Saved = code:get_path(),
    try run() after true = code:set_path(Saved) end.

run() ->
    Root = code:root_dir(),
    Lib = code:lib_dir(),
    Named = [code:lib_dir(A) || A <- [stdlib, kernel, "stdlib", compiler, crypto, erts,
                                      no_such_app, "", "std" ++ "lib"]],
    Sub = [code:lib_dir(A, S) || {A, S} <- [{stdlib, ebin}, {stdlib, src}, {kernel, include},
                                            {crypto, priv}, {no_such_app, ebin}]],
    Priv = [code:priv_dir(A) || A <- [crypto, "ssl", stdlib, no_such_app]],
    Clauses = [raised(fun() -> code:lib_dir(1) end),
               raised(fun() -> code:lib_dir("stdlib", ebin) end),
               raised(fun() -> code:lib_dir(stdlib, "ebin") end),
               raised(fun() -> code:priv_dir(<<"ssl">>) end)],
    %% A directory of the path is an application named by its last component.
    true = code:add_pathz("/usr/share"),
    Share1 = code:lib_dir(share),
    true = code:add_patha(code:lib_dir(stdlib) ++ "/ebin/"),
    Stdlib = code:lib_dir(stdlib),
    true = code:del_path(share),
    Share2 = code:lib_dir(share),
    {Root, Lib, Named, Sub, Priv, Clauses, Share1, Stdlib, Share2}.

%% The class and reason of what F raises (stack traces differ between implementations).
raised(F) ->
    try F() catch Class:Reason -> {Class, Reason} end.
