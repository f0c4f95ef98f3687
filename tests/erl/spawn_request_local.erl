%% spawn_request/1..5 on the local node: replies (tags, yes/no/error_only/success_only), link
%% and monitor (the request id is the monitor's reference), {monitor, [{tag, T}]}, invalid
%% options answered with badopt, another node answered with noconnection, the argument
%% readings of erlang.erl (spawn_request(a, b, c) is node a), spawn_request_abandon/1, and
%% monitor/3's tag option and demonitor's flush of a tagged message.
-module(spawn_request_local).
-export([main/0, hello/1]).

hello(P) -> P ! {hello, self()}.

main() ->
    R1 = spawn_request(fun() -> ok end),
    M1 = receive {spawn_reply, R1, ok, P1} -> {ok, is_pid(P1)} after 1000 -> none end,
    R2 = spawn_request(?MODULE, hello, [self()], [{reply_tag, tag}, monitor]),
    M2 = receive {tag, R2, ok, P2} ->
             receive {hello, P2} ->
                 receive {'DOWN', R2, process, P2, Why} -> {hello, Why} after 1000 -> no_down end
             after 1000 -> no_hello end
         after 1000 -> none end,
    R3 = spawn_request(fun() -> ok end, [{reply, no}]),
    M3 = receive {spawn_reply, R3, _, _} -> got after 50 -> nothing end,
    R4 = spawn_request(other@host, fun() -> ok end, []),
    M4 = receive {spawn_reply, R4, A4, B4} -> {A4, B4} after 1000 -> none end,
    R5 = spawn_request(nonode@nohost, ?MODULE, hello, [self()], [{reply, error_only}]),
    M5 = receive {hello, _} -> hello after 1000 -> none end,
    M5b = receive {spawn_reply, R5, _, _} -> got after 50 -> nothing end,
    Abandon = [spawn_request_abandon(make_ref()), spawn_request_abandon(R1),
               error_of(fun() -> spawn_request_abandon(a) end)],
    process_flag(trap_exit, true),
    R7 = spawn_request(fun() -> exit(boom) end, [link]),
    M7 = receive {spawn_reply, R7, ok, P7} -> receive {'EXIT', P7, boom} -> linked after 1000 -> no_exit end
         after 1000 -> none end,
    Errors = [error_of(fun() -> spawn_request(fun(_) -> ok end) end),
              error_of(fun() -> spawn_request(1, fun() -> ok end, []) end),
              error_of(fun() -> spawn_request(fun() -> ok end, not_a_list) end),
              error_of(fun() -> spawn_request(m, f, not_a_list, []) end)],
    Replies = [spawn_request(fun() -> ok end, [bad]),
               spawn_request(a, b, c),
               spawn_request(?MODULE, hello, [x], [{reply, maybe}]),
               spawn_request(fun() -> ok end, [{reply_tag, t}, {reply, no}, bad]),
               spawn_request(fun() -> ok end, [{priority, high}, {fullsweep_after, 1},
                                               {min_heap_size, 10}, {message_queue_data, off_heap},
                                               {max_heap_size, 100000}]),
               spawn_request(fun() -> ok end, [{monitor, bad}]),
               spawn_request(fun() -> ok end, [{priority, urgent}])],
    timer:sleep(50),
    Answers = [receive {T, R, A, B} -> {T, A, is_pid(B) orelse B} after 0 -> none end
               || R <- Replies],
    R8 = spawn_request(?MODULE, nope, [], [link]),
    M8 = receive {spawn_reply, R8, ok, P8} ->
             receive {'EXIT', P8, {undef, _}} -> undef_exit after 1000 -> no_exit end
         after 1000 -> none end,
    R9 = spawn_request(fun() -> ok end, [{monitor, [{tag, mytag}]}]),
    M9 = receive {spawn_reply, R9, ok, P9} ->
             receive {mytag, R9, process, P9, normal} -> tagged_down after 1000 -> no_down end
         after 1000 -> none end,
    %% monitor/3 with a tag; a dead target's message is tagged too; flush of a tagged one.
    P10 = spawn(fun() -> receive stop -> ok end end),
    Ref10 = monitor(process, P10, [{tag, down10}]),
    P10 ! stop,
    M10 = receive {down10, Ref10, process, P10, normal} -> tagged after 1000 -> none end,
    Ref11 = monitor(process, P10, [{tag, 42}]),
    M11 = receive {42, Ref11, process, P10, noproc} -> tagged_noproc after 1000 -> none end,
    Ref12 = monitor(process, P10, [{tag, t12}]),
    Flushed = {demonitor(Ref12, [flush]), receive {t12, Ref12, _, _, _} -> left after 0 -> flushed end},
    {M1, M2, M3, M4, M5, M5b, Abandon, M7, Errors, Answers, M8, M9, M10, M11, Flushed}.

error_of(F) ->
    try F() of V -> {ok, is_reference(V)} catch C:R:St -> {C, R, [I || {_, _, _, L} <- [hd(St)], {error_info, I} <- L]} end.
