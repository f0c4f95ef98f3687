%% application:get_application/1 and get_key/2 for the applications erl loads at start
%% (kernel, stdlib), for a module of no application, and for one not loaded.
-module(code_application).
-export([main/0]).

main() ->
    _ = lists:reverse([]),
    {application:get_application(lists), application:get_application(code),
     application:get_application(?MODULE), application:get_application(no_such_module),
     application:get_key(stdlib, vsn) =:= {ok, lists:last(string:split(code:lib_dir(stdlib), "-"))},
     application:get_key(kernel, description), application:get_key(no_such_app, vsn),
     application:get_key(getopt, vsn), application:get_key("stdlib", vsn),
     raised(fun() -> application:get_application("lists") end)}.

raised(F) ->
    try F() catch Class:Reason -> {Class, Reason} end.
