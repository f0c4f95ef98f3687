-module(sys_info_os_type).
-export([main/0]).
%% erlang:system_info(os_type), and the filename functions that branch on it.
main() ->
    {erlang:system_info(os_type), os:type() =:= erlang:system_info(os_type),
     filename:basename("/a/b.erl"), filename:basename("/a/b.erl", ".erl"), filename:dirname("/a/b/c"),
     filename:join("a", "b"), filename:join(["/", "x", "y.txt"]), filename:extension("f.tar.gz"),
     filename:rootname("f.tar.gz"), filename:split("/usr/lib/x"),
     filename:pathtype("rel/x"), filename:nativename("/a//b/")}.
