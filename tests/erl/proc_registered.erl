%% Registered names: register, whereis, send by name, unregister, errors.
-module(proc_registered).
-export([main/0]).

main() ->
    Self = self(),
    P = spawn(fun() -> echo(Self) end),
    true = register(echo_server, P),
    A = whereis(echo_server) =:= P,
    echo_server ! {hello, 1},
    B = receive {echoed, X} -> X end,
    C = try register(echo_server, self()) catch error:E -> E end,
    D = try nobody_here ! msg catch error:E2 -> E2 end,
    true = unregister(echo_server),
    F = whereis(echo_server),
    G = try unregister(echo_server) catch error:E3 -> E3 end,
    P ! stop,
    {A, B, C, D, F, G}.

echo(Parent) ->
    receive
        stop -> ok;
        M -> Parent ! {echoed, M}, echo(Parent)
    end.
