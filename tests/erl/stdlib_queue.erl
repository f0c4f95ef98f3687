%% OTP's queue.
-module(stdlib_queue).
-export([main/0]).

main() ->
    Q = lists:foldl(fun queue:in/2, queue:new(), [1, 2, 3, 4]),
    {{value, First}, Q2} = queue:out(Q),
    Q3 = queue:in_r(0, Q2),
    {First, queue:to_list(Q3), queue:len(Q3), queue:peek(Q3), queue:peek_r(Q3),
     queue:to_list(queue:reverse(Q3)), queue:member(3, Q3), queue:to_list(queue:filter(fun(X) -> X > 1 end, Q3)),
     queue:is_empty(queue:new())}.
