#!/usr/bin/env escript
%% -*- erlang -*-
%%! +A0
%%
%% Prints, for each .beam file, the generic opcode names of every function as decoded by
%% OTP's own beam_disasm, so that beamwasm's reader can be compared with it.
%%
%% Usage: beam_disasm_dump.escript FILE.beam... | @LIST_FILE
%%   (LIST_FILE holds one path per line)
%%
%% Output, one record per line, tab separated:
%%   M <path>                          a module starts
%%   F <arity> <name> <op> <op> ...    one function, in file order
%%   E <path> <reason>                 beam_disasm failed on this file
%%
%% beam_disasm renames some instructions; they are mapped back to genop names here.

-mode(compile).
-include_lib("compiler/src/beam_disasm.hrl").

main(Args) ->
    ok = io:setopts([{encoding, unicode}]),
    Paths = lists:append([expand(Arg) || Arg <- Args]),
    %% Two workers keep both cores busy; results are printed in input order.
    Workers = erlang:max(1, erlang:system_info(schedulers_online)),
    Chunks = split(Paths, Workers),
    Parent = self(),
    Refs = [begin
                Ref = make_ref(),
                spawn_link(fun() -> Parent ! {Ref, [dump(P) || P <- Chunk]} end),
                Ref
            end || Chunk <- Chunks],
    lists:foreach(fun(Ref) ->
                          receive {Ref, Texts} -> [io:put_chars(T) || T <- Texts] end
                  end, Refs),
    ok.

expand([$@ | ListFile]) ->
    {ok, Bin} = file:read_file(ListFile),
    [binary_to_list(L) || L <- binary:split(Bin, [<<"\n">>, <<"\r\n">>], [global]), L =/= <<>>];
expand(Path) ->
    [Path].

%% Splits a list into N contiguous, nearly equal parts (keeps the input order).
split(List, N) ->
    Size = (length(List) + N - 1) div erlang:max(N, 1),
    split_n(List, erlang:max(Size, 1)).

split_n([], _) -> [];
split_n(List, Size) when length(List) =< Size -> [List];
split_n(List, Size) ->
    {Head, Tail} = lists:split(Size, List),
    [Head | split_n(Tail, Size)].

dump(Path) ->
    try beam_disasm:file(Path) of
        #beam_file{code = Functions} ->
            [io_lib:format("M\t~ts~n", [Path]) | function_lines(Functions, first)];
        Other ->
            io_lib:format("E\t~ts\t~0p~n", [Path, Other])
    catch
        Class:Reason ->
            io_lib:format("E\t~ts\t~0p~n", [Path, {Class, Reason}])
    end.

%% beam_disasm hands the label/line instructions that end one function to the next one,
%% but in reverse order (for every function except the first), so undo that here.
function_lines([], _) -> [];
function_lines([F | Fs], Position) ->
    Code0 = F#function.code,
    Code = case Position of
               first -> Code0;
               later ->
                   {Prefix, Rest} = lists:splitwith(fun is_label_or_line/1, Code0),
                   lists:reverse(Prefix) ++ Rest
           end,
    [function_line(F#function{code = Code}) | function_lines(Fs, later)].

is_label_or_line({label, _}) -> true;
is_label_or_line({line, _}) -> true;
is_label_or_line(_) -> false.

function_line(#function{name = Name, arity = Arity, code = Code}) ->
    Ops = [atom_to_list(opname(I)) || I <- Code],
    io_lib:format("F\t~w\t~ts\t~ts~n",
                  [Arity, atom_to_list(Name), lists:join(" ", Ops)]).

%% beam_disasm's representation -> generic opcode name.
opname(Op) when is_atom(Op) -> Op;                      % return, send, if_end, ...
opname({test, Op, _Fail, _Args}) -> Op;                 % is_*, test_arity, bs_* tests
opname({test, Op, _Fail, _Src, _List}) -> Op;           % has_map_fields
opname({bif, _Name, _Fail, Args, _Dst}) -> bif_name(bif, length(Args));
opname({gc_bif, _Name, _Fail, _Live, Args, _Dst}) -> bif_name(gc_bif, length(Args));
opname({arithfbif, Op, _Fail, _Args, _Dst}) -> Op;      % fadd, fsub, fmul, fdiv, fnegate
opname({raise, _Fail, _Regs, _Dst}) -> raise;
opname(Tuple) when is_tuple(Tuple), is_atom(element(1, Tuple)) -> element(1, Tuple).

bif_name(Kind, Arity) ->
    list_to_atom(atom_to_list(Kind) ++ integer_to_list(Arity)).
