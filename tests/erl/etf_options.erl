-module(etf_options).
-export([main/0]).
%% term_to_binary/2's compression ({compressed, N}: COMPRESSED_EXT only when it saves bytes)
%% and binary_to_term/2's safe and used; pids, references and ports through the external
%% format; external funs called after a round trip; what binary_to_term refuses.
main() ->
    Short = [a, "abc", lists:duplicate(30, $a), <<0:800>>, {lists:duplicate(20, x)}],
    %% Short terms compress to the bytes C zlib writes (at level 1 zlib-rs chooses otherwise).
    Compressed = [{term_to_binary(T, [compressed]), term_to_binary(T, [{compressed, 9}]),
                   term_to_binary(T, [{compressed, 0}]),
                   binary_to_term(term_to_binary(T, [{compressed, 1}])) =:= T}
                  || T <- Short],
    Long = [{I, integer_to_list(I)} || I <- lists:seq(1, 120)],
    Trips = [begin
                 B = term_to_binary(Long, [{compressed, L}]),
                 {L, binary:part(B, 0, 6), binary_to_term(B) =:= Long}
             end || L <- lists:seq(1, 9)],
    FromErl = binary_to_term(erl_compressed()) =:= Long,
    %% used: bytes may follow; safe: no new atoms.
    Bin = term_to_binary({hello, [1, 2]}),
    Used = [binary_to_term(<<Bin/binary, "trailing">>, [used]),
            binary_to_term(Bin, [used, safe]),
            binary_to_term(Bin, [safe])],
    Fresh = <<131, 100, 0, 13, "etf_new_atom_", $x>>,
    Unsafe = [t(fun() -> binary_to_term(Fresh, [safe]) end),
              t(fun() -> binary_to_term(<<131, 104, 1, 100, 0, 3, "zzq">>, [safe]) end),
              binary_to_term(term_to_binary(existing_atom_here), [safe])],
    %% Pids, references and ports come back as themselves, and keep their order.
    Self = self(),
    Ref = make_ref(),
    Pid = spawn(fun() -> ok end),
    Local = [binary_to_term(term_to_binary(X)) =:= X || X <- [Self, Ref, Pid, {Self, [Ref]}]],
    PidBin = term_to_binary(Self),
    RefBin = term_to_binary(Ref),
    Shapes = [binary:part(PidBin, 0, 18), byte_size(PidBin), binary:part(RefBin, 0, 22),
              byte_size(RefBin), is_pid(binary_to_term(PidBin)),
              is_reference(binary_to_term(RefBin)),
              lists:sort([Ref, Self]) =:= lists:sort([binary_to_term(RefBin), binary_to_term(PidBin)])],
    %% External funs.
    F = binary_to_term(term_to_binary(fun lists:reverse/1)),
    G = binary_to_term(term_to_binary(fun erlang:abs/1)),
    Funs = [F([1, 2, 3]), G(-4), F =:= fun lists:reverse/1, erlang:fun_info(F, arity)],
    Refused = [t(fun() -> binary_to_term(<<131, 116, 0, 0, 0, 2, 97, 1, 97, 2, 97, 1, 97, 3>>) end),
               t(fun() -> binary_to_term(<<131, 200>>) end),
               t(fun() -> binary_to_term(<<Bin/binary, 0>>) end),
               t(fun() -> binary_to_term(<<>>) end),
               t(fun() -> binary_to_term(Bin, [bogus]) end),
               t(fun() -> binary_to_term(Bin, safe) end),
               t(fun() -> term_to_binary(a, [{compressed, 10}]) end),
               t(fun() -> term_to_binary(a, [{minor_version, 3}]) end),
               t(fun() -> term_to_binary(a, [bogus]) end),
               t(fun() -> term_to_binary(a, compressed) end),
               binary_to_term(<<131, 116, 0, 0, 0, 2, 97, 1, 97, 2, 97, 3, 97, 4>>)],
    {Compressed, Trips, FromErl, Used, Unsafe, Local, Shapes, Funs, Refused}.

t(F) -> try F() catch C:R -> {C, R} end.

%% term_to_binary(Long, [compressed]) as erl 25 writes it.
erl_compressed() ->
    <<131,80,0,0,4,74,120,156,29,211,215,67,206,1,20,199,225,95,111,246,30,153,217,145,132,188,123,100,239,10,33,138,66,100,166,55,51,210,159,239,60,231,234,251,92,125,206,213,89,46,138,98,109,177,180,208,211,45,122,42,177,165,216,106,108,111,108,45,118,93,108,61,118,125,108,35,118,67,108,51,118,99,108,43,118,83,108,59,118,115,108,39,118,75,183,40,85,202,129,173,160,184,13,36,183,131,230,14,16,221,9,170,187,64,118,55,232,238,1,225,189,160,220,23,168,42,239,3,229,253,160,124,0,148,15,130,242,33,80,62,12,202,253,160,124,4,148,143,130,242,177,64,77,249,56,40,159,0,229,147,160,124,10,148,7,64,249,52,40,159,1,229,65,80,62,11,202,67,129,186,242,57,80,30,6,229,243,160,124,1,148,47,130,242,8,40,95,2,229,50,40,87,64,185,26,104,40,215,64,185,14,202,13,80,110,130,114,11,148,219,160,220,1,229,81,80,190,12,202,87,2,77,229,171,160,124,13,148,175,131,242,13,80,190,9,202,183,64,249,54,40,223,1,229,187,160,124,47,208,82,190,15,202,99,160,60,14,202,19,160,252,0,148,31,130,242,35,80,158,4,229,199,160,252,36,208,86,126,10,202,83,160,252,12,148,159,131,242,52,40,207,128,242,11,80,126,9,202,179,160,60,23,232,40,191,2,229,215,160,252,6,148,231,65,249,45,40,191,3,229,5,80,126,15,202,31,64,249,99,183,232,173,148,165,63,165,180,63,167,196,191,164,212,23,83,242,95,83,250,75,41,7,186,41,23,150,83,78,124,75,185,241,157,242,29,127,164,220,248,153,114,227,87,202,141,223,41,55,86,82,110,252,73,185,241,55,229,198,106,202,141,127,41,55,214,168,90,94,250,15,213,163,227,54>>.
