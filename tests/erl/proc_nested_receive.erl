%% Receives inside receives, with timeouts, keep the mailbox in order.
-module(proc_nested_receive).
-export([main/0]).

main() ->
    Self = self(),
    [Self ! M || M <- [{outer, 1}, {inner, a}, {outer, 2}, {inner, b}]],
    R = receive
            {outer, N} ->
                Inner = receive {inner, X} -> X after 10 -> none end,
                Inner2 = receive {inner, Y} -> Y after 10 -> none end,
                {N, Inner, Inner2}
        end,
    Last = receive {outer, M2} -> M2 after 0 -> none end,
    {R, Last}.
