%% register/unregister/whereis edge cases, registered/0, a name freed when its process ends,
%% process_info's registered_name.
-module(pinfo_register).
-export([main/0]).
main() ->
    P = spawn(fun() -> receive stop -> ok end end),
    A = register(pr_one, P),
    B = catch register(pr_two, P),
    C = catch register(pr_one, self()),
    D = catch register(undefined, self()),
    E = catch register("str", self()),
    F = whereis(pr_one) =:= P,
    G = catch whereis("str"),
    H = lists:member(pr_one, registered()),
    I = process_info(P, registered_name),
    Ref = monitor(process, pr_one),
    pr_one ! stop,
    J = receive {'DOWN', Ref, process, {pr_one, Node}, normal} -> Node end,
    K = whereis(pr_one),
    L = catch unregister(pr_one),
    M = catch (pr_one ! hello),
    N = register(pr_one, self()),
    O = unregister(pr_one),
    Q = catch register(pr_dead, P),
    [element(1, element(2, X)) || X <- [B, C, D, E, G, L, M, Q]] ++
        [A, F, H, I, J, K, N, O].
