%% statistics/1 shapes and what is deterministic about them; system_info keys; processes/0.
-module(pinfo_statistics).
-export([main/0]).
main() ->
    {R1, _} = statistics(reductions),
    _ = lists:seq(1, 1000),
    {R2, Since} = statistics(reductions),
    {RT, _} = statistics(runtime),
    {WC, _} = statistics(wall_clock),
    RQ = statistics(run_queue),
    {{input, In}, {output, Out}} = statistics(io),
    {GCs, Words, 0} = statistics(garbage_collection),
    {CS, 0} = statistics(context_switches),
    Shapes = [is_integer(X) andalso X >= 0 || X <- [R1, R2, Since, RT, WC, RQ, In, Out, GCs, Words, CS]],
    Bad = [catch statistics(nonsense), catch statistics("runtime")],
    Info = [erlang:system_info(K) || K <- [wordsize, otp_release]],
    PC = erlang:system_info(process_count),
    Ps = erlang:processes(),
    {R2 >= R1, Shapes, [element(1, element(2, X)) || X <- Bad], Info,
     is_integer(PC), lists:member(self(), Ps), is_integer(statistics(total_run_queue_lengths))}.
