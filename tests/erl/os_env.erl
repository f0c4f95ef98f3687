-module(os_env).
-export([main/0]).
%% os:getenv/0,1,2, putenv/2, unsetenv/1 on the host's environment, and their badargs.
try_all(Funs) -> [try F() of V -> {ok, V} catch C:R -> {C, R} end || F <- Funs].
main() ->
    Name = "BEAMWASM_OS_ENV_TEST",
    Before = os:getenv(Name),
    true = os:putenv(Name, "first value"),
    First = os:getenv(Name),
    InList = lists:member(Name ++ "=first value", os:getenv()),
    true = os:putenv(Name, ""),
    Empty = os:getenv(Name),
    Default = os:getenv(Name ++ "_UNSET", "fallback"),
    Present = os:getenv(Name, "fallback"),
    true = os:putenv(Name, [16#e9, $x]),
    Latin = os:getenv(Name),
    true = os:unsetenv(Name),
    After = os:getenv(Name),
    NotInList = lists:any(fun(E) -> lists:prefix(Name ++ "=", E) end, os:getenv()),
    AllStrings = lists:all(fun(E) -> is_list(E) andalso lists:member($=, E) end, os:getenv()),
    Path = is_list(os:getenv("PATH")),
    {Before, First, InList, Empty, Default, Present, Latin, After, NotInList, AllStrings, Path,
     try_all([fun() -> os:getenv(foo) end,
              fun() -> os:getenv(<<"PATH">>) end,
              fun() -> os:putenv("A=B", "x") end,
              fun() -> os:putenv(Name, x) end,
              fun() -> os:putenv("", "x") end,
              fun() -> os:unsetenv(foo) end,
              fun() -> os:getenv(foo, "d") end,
              fun() -> os:unsetenv(Name ++ "_NEVER_SET") end])}.
