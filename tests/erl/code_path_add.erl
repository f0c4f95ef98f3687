%% code:add_patha/1, add_pathz/1, add_path/1, add_paths*/1, del_path/1, set_path/1 and
%% get_path/0: where directories go, normalization, duplicates, and OTP's errors. The path is
%% restored at the end (erl runs every program in one node).
-module(code_path_add).
-export([main/0]).

main() ->
    Saved = code:get_path(),
    try run() after true = code:set_path(Saved) end.

count(Dir) -> length([D || D <- code:get_path(), D =:= Dir]).

run() ->
    A1 = code:add_patha("/usr//lib/"),
    Front1 = hd(code:get_path()),
    Z1 = code:add_pathz("/var"),
    Back1 = lists:last(code:get_path()),
    %% At the back, a directory already there stays where it is.
    Z2 = code:add_pathz("/usr/lib"),
    Front2 = hd(code:get_path()),
    Count1 = count("/usr/lib"),
    %% At the front, it moves.
    A2 = code:add_patha("/var/"),
    Front3 = hd(code:get_path()),
    Count2 = count("/var"),
    Add = code:add_path("/usr"),
    Back2 = lists:last(code:get_path()),
    Bad = [code:add_patha("/nonexistent/dir"), code:add_pathz(""), code:add_path("/etc/passwd"),
           code:add_patha([$/, foo]), code:add_pathz([$/, -1])],
    Clauses = [raised(fun() -> code:add_patha(usr) end),
               raised(fun() -> code:add_pathz(<<"/usr">>) end),
               raised(fun() -> code:add_path(1) end)],
    %% Each directory in turn: at the front the last one ends up first.
    Paths = code:add_pathsa(["/usr/bin", "/nonexistent", foo, "/usr/share", "/usr/bin"]),
    Front4 = lists:sublist(code:get_path(), 2),
    Pathsz = code:add_pathsz(["/usr/include", "/usr/bin" | improper]),
    Back3 = lists:last(code:get_path()),
    PathsClause = raised(fun() -> code:add_paths(usr) end),
    Len = length(code:get_path()),
    %% By application name (the last component), by directory, or not there.
    Del1 = code:del_path(include),
    Del2 = code:del_path("/usr/share/"),
    Del3 = code:del_path(nonexistent_app),
    Del4 = code:del_path("/nonexistent"),
    Del5 = code:del_path([1.0]),
    Del6 = raised(fun() -> code:del_path(1) end),
    Del7 = code:del_path(["/usr", [$/, bin]]),
    Len2 = length(code:get_path()),
    Set1 = code:set_path(["/nonexistent"]),
    Set2 = raised(fun() -> code:set_path(usr) end),
    Strings = lists:all(fun io_lib:printable_unicode_list/1, code:get_path()),
    {A1, Front1, Z1, Back1, Z2, Front2, Count1, A2, Front3, Count2, Add, Back2, Bad, Clauses,
     Paths, Front4, Pathsz, Back3, PathsClause, Len - Len2,
     [Del1, Del2, Del3, Del4, Del5, Del6, Del7], Set1, Set2, Strings}.

%% The class and reason of what F raises (stack traces differ between implementations).
raised(F) ->
    try F() catch Class:Reason -> {Class, Reason} end.
