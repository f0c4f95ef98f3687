%% messages and dictionary of another process are copies: large and nested terms, binaries,
%% funs, maps; the copies stay valid after collections.
-module(pinfo_other_terms).
-export([main/0]).
main() ->
    Self = self(),
    Big = lists:seq(1, 500),
    P = spawn(fun() ->
                      put(list, Big),
                      put(map, #{a => <<"bin">>, b => {1.5, [x]}}),
                      put(bin, list_to_binary(lists:duplicate(200, $z))),
                      Self ! ready,
                      receive stop -> ok end
              end),
    receive ready -> ok end,
    P ! {msg, Big},
    P ! #{key => lists:duplicate(50, k)},
    {dictionary, D} = process_info(P, dictionary),
    {messages, Ms} = process_info(P, messages),
    _ = [lists:seq(1, 100) || _ <- lists:seq(1, 200)],
    erlang:garbage_collect(),
    R = {lists:sort(D) =:= lists:sort([{list, Big}, {map, #{a => <<"bin">>, b => {1.5, [x]}}},
                                       {bin, list_to_binary(lists:duplicate(200, $z))}]),
         Ms =:= [{msg, Big}, #{key => lists:duplicate(50, k)}],
         process_info(P, message_queue_len)},
    P ! stop,
    R.
