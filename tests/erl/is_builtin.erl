%% erlang:is_builtin/3: true for what OTP implements in C as a BIF (lists:reverse/2, ets:new/2,
%% math:sin/1, erlang:length/1), false for functions OTP writes in Erlang (erlang:spawn/1,
%% ets:tab2list/1, maps:to_list/1, code:which/1), NIFs (prim_file:open_nif/2, zlib's) and
%% functions that do not exist; badarg for arguments that are no MFA.
-module(is_builtin).
-export([main/0]).

main() ->
    MFAs = [{erlang, length, 1}, {erlang, '+', 2}, {erlang, spawn, 1}, {erlang, spawn, 3},
            {erlang, spawn_opt, 4}, {erlang, halt, 2}, {erlang, halt, 1}, {erlang, min, 2},
            {erlang, atom_to_binary, 2}, {erlang, atom_to_binary, 1}, {erlang, memory, 0},
            {erlang, send, 2}, {erlang, is_builtin, 3}, {erlang, nonesuch, 1},
            {lists, reverse, 2}, {lists, reverse, 1}, {lists, keyfind, 3}, {lists, map, 2},
            {ets, new, 2}, {ets, tab2list, 1}, {ets, select_delete, 2}, {maps, get, 2},
            {maps, to_list, 1}, {math, sin, 1}, {math, pi, 0}, {os, getpid, 0}, {os, type, 0},
            {code, which, 1}, {init, stop, 0}, {prim_file, open_nif, 2},
            {zlib, deflate_nif, 4}, {binary, match, 2}, {re, run, 3}, {unicode, characters_to_list, 2},
            {persistent_term, get, 1}, {erts_internal, map_next, 3}, {no_module, f, 0}],
    Errors = [catch erlang:is_builtin("a", b, 1), catch erlang:is_builtin(a, 1, 1),
              catch erlang:is_builtin(a, b, 1.0)],
    {[{M, F, A, erlang:is_builtin(M, F, A)} || {M, F, A} <- MFAs],
     [element(1, element(2, E)) || E <- Errors], erlang:is_builtin(erlang, length, -1)}.
