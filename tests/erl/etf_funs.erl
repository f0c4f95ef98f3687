%% term_to_binary of local funs, byte for byte as OTP 25 writes them (NEW_FUN_EXT: arity,
%% the module's MD5, index, free variables, module, old index and uniq, the creator pid),
%% with free variables of every kind, nested funs, export funs beside them, minor versions
%% (a pid's node is a UTF-8 atom in version 2), and compressed.
-module(etf_funs).
-export([main/0]).

adder(N) -> fun(X) -> X + N end.
pair(A, B) -> fun() -> {A, B} end.

main() ->
    Self = self(),
    Funs = [fun() -> ok end,
            adder(7),
            adder(1 bsl 70),
            pair(<<"bin">>, [a, {b, 2.5}]),
            pair(adder(1), fun lists:map/2),
            fun(A, B, C) -> {A, B, C, Self} end],
    %% The creator's pid numbers differ between erl and beamwasm: its bytes are masked.
    Mask = fun(Bin, Pid) ->
        lists:foldl(fun(V, B) ->
                        <<131, PidBytes/binary>> = term_to_binary(Pid, [{minor_version, V}]),
                        binary:replace(B, PidBytes, <<"<pid>">>, [global])
                    end, Bin, [1, 2])
    end,
    Bins = [Mask(term_to_binary(F), Self) || F <- Funs],
    Versions = [Mask(term_to_binary(adder(3), [{minor_version, V}]), Self) || V <- [0, 1, 2]],
    Compressed = term_to_binary(lists:duplicate(20, adder(5)), [compressed]),
    %% A fun made in another process names that process as its creator.
    Other = spawn(fun() -> receive {From, go} -> From ! {self(), term_to_binary(pair(1, 2))} end end),
    Other ! {self(), go},
    Theirs = receive {Other, B} -> B end,
    {Bins, Versions, byte_size(Compressed) < 20 * 60,
     Mask(Theirs, Other) =:= Mask(term_to_binary(pair(1, 2)), Self),
     Theirs =/= term_to_binary(pair(1, 2)),
     round_trips(Funs)}.

%% binary_to_term gives back funs equal to the originals, which run, keep their creator and
%% free variables, and encode to the same bytes again.
round_trips(Funs) ->
    Back = [binary_to_term(term_to_binary(F)) || F <- Funs],
    {Back =:= Funs,
     [erlang:fun_info(B, arity) =:= erlang:fun_info(F, arity) andalso
          erlang:fun_info(B, env) =:= erlang:fun_info(F, env) andalso
          erlang:fun_info(B, pid) =:= erlang:fun_info(F, pid)
      || {B, F} <- lists:zip(Back, Funs)],
     [term_to_binary(B) =:= term_to_binary(F) || {B, F} <- lists:zip(Back, Funs)],
     (lists:nth(2, Back))(35), (lists:nth(4, Back))(),
     ((element(1, (lists:nth(5, Back))()))(41)),
     binary_to_term(term_to_binary([adder(2), {nested, adder(3)}], [compressed]))
         =:= [adder(2), {nested, adder(3)}]}.
