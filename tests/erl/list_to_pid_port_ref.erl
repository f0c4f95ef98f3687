%% list_to_pid/1, list_to_port/1 and list_to_ref/1 read back what pid_to_list/1,
%% port_to_list/1 and ref_to_list/1 print: a live process's pid is that process (alive,
%% messages reach it), a reference is the same reference; the texts OTP accepts (leading
%% zeros too) make pids, ports and references, and malformed ones raise badarg as on OTP.
-module(list_to_pid_port_ref).
-export([main/0]).

r(F) -> try F() catch C:R -> {C, R} end.

main() ->
    Self = self(),
    P = spawn(fun() -> receive {From, X} -> From ! {back, X} end end),
    Q = list_to_pid(pid_to_list(P)),
    Alive = {Q =:= P, is_process_alive(Q), list_to_pid(pid_to_list(Self)) =:= Self},
    Q ! {Self, hi},
    Echo = receive {back, M} -> M after 5000 -> timeout end,
    Dead = list_to_pid("<0.30000.0>"),
    DeadInfo = {is_pid(Dead), is_process_alive(Dead), Dead ! ping},
    R = make_ref(),
    Refs = {list_to_ref(ref_to_list(R)) =:= R, list_to_ref(ref_to_list(R)) =:= make_ref()},
    Zeros = {list_to_pid("<0.5.0>") =:= list_to_pid("<00.05.00>"),
             list_to_port("#Port<0.7>") =:= list_to_port("#Port<0.007>"),
             list_to_ref("#Ref<0.0.0.9>") =:= list_to_ref("#Ref<0.00.0.009>")},
    Printed = [pid_to_list(list_to_pid("<0.5.0>")), pid_to_list(list_to_pid("<0.0.0>")),
               pid_to_list(list_to_pid("<0.32767.0>")), port_to_list(list_to_port("#Port<0.5>")),
               port_to_list(list_to_port("#Port<0.0>")), port_to_list(list_to_port("#Port<0.268435455>")),
               ref_to_list(list_to_ref("#Ref<0.0.0.5>")), ref_to_list(list_to_ref("#Ref<0.0.0.262143>"))],
    Kinds = [is_pid(list_to_pid("<0.5.8191>")), is_port(list_to_port("#Port<0.12>")),
             is_reference(list_to_ref("#Ref<0.1.2.3>")),
             is_reference(list_to_ref("#Ref<0.4294967295.0.262143>")),
             list_to_ref("#Ref<0.1.2.3>") =:= list_to_ref("#Ref<0.1.2.3>"),
             list_to_ref("#Ref<0.1.2.3>") =:= list_to_ref("#Ref<0.1.2.4>")],
    BadPids = ["<0.268435456.0>", "<0.5.8192>", "<1.5.0>", "<0.5>", "<0.5.0> ", " <0.5.0>",
               "<0.5.0.1>", "<0..0>", "<-1.5.0>", "<0.12345678901.0>", "", "<>", "<0.5.0", "<0.a.0>",
               "0.5.0>", "<0.5.0>>", "<0,5,0>", "<0.+5.0>", a, <<"<0.1.0>">>, [$< | a],
               [$<, 48, $., 256, $., 48, $>], [$<, 48, $., 53, $., 48, $>, 0]],
    BadPorts = ["#Port<0.268435456>", "#Port<1.5>", "#Port<0.5.0>", "#port<0.5>", "#Port<0.5> ",
                "#Port<0.>", "#Port<.5>", "#Port<0.5", "Port<0.5>", "", port, <<"#Port<0.5>">>],
    BadRefs = ["#Ref<0.0.1.262144>", "#Ref<0.1.2>", "#Ref<0.1.2.3.4>", "#Ref<0.1.2.3.4.5>",
               "#Ref<1.1.2.3>", "#ref<0.1.2.3>", "#Ref<0.1.2.3> ", "#Ref<0.1.4294967296.3>",
               "#Ref<0.1.2.3", "#Ref<0.1..3>", "", ref, <<"#Ref<0.1.2.3>">>],
    Errors = {[r(fun() -> list_to_pid(S) end) || S <- BadPids],
              [r(fun() -> list_to_port(S) end) || S <- BadPorts],
              [r(fun() -> list_to_ref(S) end) || S <- BadRefs]},
    {Alive, Echo, DeadInfo, Refs, Zeros, Printed, Kinds, Errors}.
