%% The timer BIFs with options: send_after/4 and start_timer/4 ({abs, true}: a point in
%% monotonic time), cancel_timer/2 and read_timer/2 ({async, true}: the answer as a message;
%% {info, false}: no answer), and their badargs.
-module(timer_options).
-export([main/0]).

main() ->
    Now = erlang:monotonic_time(millisecond),
    T1 = erlang:send_after(Now + 20, self(), abs_fired, [{abs, true}]),
    T2 = erlang:start_timer(Now - 5, self(), past, [{abs, true}]),
    R1 = receive abs_fired -> abs_fired after 2000 -> missing end,
    R2 = receive {timeout, T2, past} -> past after 2000 -> missing end,
    T3 = erlang:send_after(60000, self(), never, []),
    Left = erlang:read_timer(T3, [{async, false}]),
    ok = erlang:read_timer(T3, [{async, true}]),
    Read = receive {read_timer, T3, L} -> is_integer(L) andalso L > 59000 end,
    ok = erlang:cancel_timer(T3, [{async, true}, {info, true}]),
    Cancelled = receive {cancel_timer, T3, C} -> is_integer(C) end,
    Again = erlang:cancel_timer(T3, [{async, false}, {info, true}]),
    T4 = erlang:start_timer(60000, self(), never),
    Quiet = erlang:cancel_timer(T4, [{info, false}]),
    ok = erlang:cancel_timer(T4, [{async, true}]),
    Gone = receive {cancel_timer, T4, G} -> G after 1000 -> none end,
    Nothing = receive Any -> {unexpected, Any} after 50 -> nothing end,
    Bad = [catch erlang:send_after(10, self(), x, [{abs, maybe}]),
           catch erlang:send_after(10, self(), x, [bogus]),
           catch erlang:start_timer(-1, self(), x, []),
           catch erlang:cancel_timer(T1, [{abs, true}]),
           catch erlang:read_timer(T1, [{info, false}]),
           catch erlang:cancel_timer(notref, []),
           catch erlang:read_timer(T1, improper)],
    {R1, R2, is_integer(Left), Read, Cancelled, Again, Quiet, Gone, Nothing,
     erlang:read_timer(T1), [element(1, element(2, B)) || B <- Bad]}.
