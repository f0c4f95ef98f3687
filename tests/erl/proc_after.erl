%% receive ... after: zero timeouts, real timeouts, messages that arrive in time.
-module(proc_after).
-export([main/0]).

main() ->
    A = receive x -> x after 0 -> empty end,
    self() ! y,
    B = receive y -> got_y after 0 -> none end,
    C = receive never -> never after 30 -> timed_out end,
    Self = self(),
    spawn(fun() -> Self ! late end),
    D = receive late -> arrived after 5000 -> too_slow end,
    E = receive after 10 -> slept end,
    self() ! keep,
    F = receive other -> other after 20 -> kept end,
    G = receive keep -> still_there after 0 -> lost end,
    {A, B, C, D, E, F, G}.
