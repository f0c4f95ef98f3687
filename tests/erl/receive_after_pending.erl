%% A receive that matches nothing in the mailbox waits for its timeout (or a new message)
%% without spinning: `timer:sleep/1` (a receive with no clause) and receives with
%% non-matching messages pending, in every mode.
-module(receive_after_pending).
-export([main/0]).

main() ->
    self() ! pending,
    T0 = erlang:monotonic_time(millisecond),
    timer:sleep(30),
    Slept = erlang:monotonic_time(millisecond) - T0 >= 30,
    R1 = receive nothing -> matched after 20 -> timeout end,
    Self = self(),
    spawn(fun() -> receive after 10 -> Self ! later end end),
    R2 = receive later -> later after 5000 -> timeout end,
    R3 = receive after 0 -> zero end,
    Left = receive M -> M after 0 -> empty end,
    {Slept, R1, R2, R3, Left}.
