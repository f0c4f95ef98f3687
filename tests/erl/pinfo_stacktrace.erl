%% current_function, current_location and current_stacktrace of a process waiting in a
%% receive a few calls deep, and of the caller itself.
-module(pinfo_stacktrace).
-export([main/0]).
deep(0, Parent) -> Parent ! ready, receive stop -> ok end, done;
deep(N, Parent) -> R = deep(N - 1, Parent), {R}.
here() ->
    {current_function, F} = process_info(self(), current_function),
    {current_stacktrace, [Top | _]} = process_info(self(), current_stacktrace),
    {F, Top}.
main() ->
    Self = self(),
    P = spawn(fun() -> deep(3, Self) end),
    receive ready -> ok end,
    A = process_info(P, current_function),
    {current_location, {M, F, Ar, Loc}} = process_info(P, current_location),
    {current_stacktrace, Stack} = process_info(P, current_stacktrace),
    Frames = [{Mod, Fun, Arity} || {Mod, Fun, Arity, _} <- Stack],
    B = here(),
    {current_function, C} = process_info(self(), current_function),
    P ! stop,
    {A, {M, F, Ar, proplists:get_value(line, Loc)}, hd(Frames), B, C}.
