-module(zlib_dictionary).
-export([main/0]).
%% Preset dictionaries: deflateSetDictionary's Adler-32 (of the dictionary for raw streams),
%% inflate's need_dictionary (an exception by default, a result with
%% {exception_on_need_dict, false}), inflateSetDictionary, wrong dictionaries; and a stream
%% used by several processes in turn (set_controlling_process).
main() ->
    Dict = <<"common words: the and of to in that is was he for it with as his on be at">>,
    Text = <<"the cat and the dog sat on the mat with his hat; that is it, he was at the mat">>,
    Z = zlib:open(),
    ok = zlib:deflateInit(Z),
    Adler = zlib:deflateSetDictionary(Z, Dict),
    C = iolist_to_binary(zlib:deflate(Z, Text, finish)),
    ok = zlib:deflateEnd(Z),
    %% An exception, then the rest after the dictionary.
    I = zlib:open(),
    ok = zlib:inflateInit(I),
    Need = try zlib:inflate(I, C) catch error:{need_dictionary, A} -> {need, A} end,
    ok = zlib:inflateSetDictionary(I, Dict),
    Out = iolist_to_binary(zlib:inflate(I, [])),
    ok = zlib:inflateEnd(I),
    %% A result instead of an exception.
    J = zlib:open(),
    ok = zlib:inflateInit(J),
    {need_dictionary, A2, []} = zlib:inflate(J, C, [{exception_on_need_dict, false}]),
    ok = zlib:inflateSetDictionary(J, Dict),
    Out2 = iolist_to_binary(zlib:inflate(J, [])),
    %% safeInflate reports it too.
    K = zlib:open(),
    ok = zlib:inflateInit(K),
    Safe = zlib:safeInflate(K, C),
    Wrong = t(fun() -> zlib:inflateSetDictionary(K, <<"not the dictionary">>) end),
    %% Raw streams: the checksum is the dictionary's Adler-32.
    R = zlib:open(),
    ok = zlib:deflateInit(R, default, deflated, -15, 8, default),
    RawAdler = zlib:deflateSetDictionary(R, Dict),
    RC = iolist_to_binary(zlib:deflate(R, Text, finish)),
    RI = zlib:open(),
    ok = zlib:inflateInit(RI, -15),
    ok = zlib:inflateSetDictionary(RI, Dict),
    RawOut = iolist_to_binary(zlib:inflate(RI, RC)),
    %% Handing a stream to another process and back.
    H = zlib:open(),
    ok = zlib:deflateInit(H),
    Self = self(),
    Pid = spawn(fun() ->
                        receive {go, S} -> ok end,
                        Part = zlib:deflate(S, <<"from the other side ">>),
                        ok = zlib:set_controlling_process(S, Self),
                        Self ! {back, Part}
                end),
    ok = zlib:set_controlling_process(H, Pid),
    Refused = t(fun() -> zlib:deflate(H, <<"x">>) end),
    Pid ! {go, H},
    Part = receive {back, P} -> P end,
    Rest = zlib:deflate(H, <<"and back">>, finish),
    Handed = zlib:uncompress(iolist_to_binary([Part, Rest])),
    {Adler =:= erlang:adler32(Dict), Need =:= {need, Adler}, Out =:= Text, A2 =:= Adler,
     Out2 =:= Text, element(1, Safe), Wrong, RawAdler =:= erlang:adler32(Dict), RawOut =:= Text,
     Refused, Handed,
     t(fun() -> zlib:deflateSetDictionary(zlib:open(), Dict) end),
     t(fun() -> zlib:deflateSetDictionary(Z, foo) end),
     t(fun() -> zlib:inflateSetDictionary(I, Dict) end)}.

t(F) -> try F() catch C:R -> {C, R} end.
