%% The code server's other calls: load_file/1 and load_abs/1,2 from the code path, a module
%% loaded again from its file (old and current code), get_object_code/1, all_loaded/0,
%% all_available/0, is_sticky/1, get_mode/0, erlang:loaded/0 and pre_loaded/0.
-module(code_server_calls).
-export([main/0, version/0]).

version() -> 1.

main() ->
    Dir = filename:dirname(code:which(?MODULE)),
    {module, orddict} = code:ensure_loaded(orddict),
    Object = case code:get_object_code(?MODULE) of
                 {?MODULE, Bin, File} -> {is_binary(Bin), File =:= code:which(?MODULE)};
                 Other -> Other
             end,
    Lists = case code:get_object_code(lists) of
                {lists, LBin, LFile} -> {byte_size(LBin) > 1000, filename:basename(LFile)};
                LOther -> LOther
            end,
    %% Loading this very module again: the running main stays in the old code.
    Reloaded = code:load_file(?MODULE),
    AfterReload = {?MODULE:version(), erlang:check_old_code(?MODULE),
                   erlang:check_process_code(self(), ?MODULE), code:soft_purge(?MODULE),
                   code:load_file(?MODULE)},
    Abs = {code:load_abs(filename:join(Dir, "no_such_file_here")),
           code:load_abs(filename:join(Dir, "no_such_file_here"), no_such_file_here)},
    Loaded = code:all_loaded(),
    InAll = [{M, lists:keymember(M, 1, Loaded)} || M <- [erlang, lists, orddict, ?MODULE, init,
                                                        no_such_module_here]],
    Preloaded = [F || {M, F} <- Loaded, M =:= erlang],
    Available = code:all_available(),
    InAvailable = [{M, [L || {N, _, L} <- Available, N =:= M]}
                   || M <- ["lists", "orddict", "code_server_calls", "erlang",
                            "no_such_module_here"]],
    {Object, Lists, Reloaded, AfterReload, Abs, InAll, Preloaded, InAvailable,
     [code:is_sticky(M) || M <- [lists, orddict, ?MODULE, no_such_module_here]],
     code:get_mode(),
     [lists:member(M, erlang:loaded()) || M <- [erlang, lists, ?MODULE, no_such_module_here]],
     lists:sort(erlang:pre_loaded()) =:= lists:usort(erlang:pre_loaded()),
     [lists:member(M, erlang:pre_loaded()) || M <- [erlang, init, prim_file, lists]],
     code:get_object_code(no_such_module_here), code:load_file(no_such_module_here),
     code:load_file(lists),
     [raised(fun() -> code:F(A) end)
      || {F, A} <- [{load_file, "lists"}, {get_object_code, 1}, {is_sticky, "x"},
                    {delete, 2}, {soft_purge, []}]]}.

raised(F) ->
    try F() catch Class:Reason -> {Class, Reason} end.
