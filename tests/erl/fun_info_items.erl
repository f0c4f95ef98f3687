%% What a fun says about itself: fun_info/1 (every item, in OTP's order), fun_info/2,
%% fun_info_mfa/1, the creator pid, new_uniq (the module's MD5) and badarg.
-module(fun_info_items).
-export([main/0]).

mk(X) -> fun(A) -> A + X end.

main() ->
    Self = self(),
    F = mk(7),
    Ext = fun lists:map/2,
    Items = [I || {I, _} <- erlang:fun_info(F)],
    Stable = [V || {I, V} <- erlang:fun_info(F), not lists:member(I, [pid, new_uniq, uniq])],
    {pid, Creator} = erlang:fun_info(F, pid),
    {new_uniq, NewUniq} = erlang:fun_info(F, new_uniq),
    Md5 = ?MODULE:module_info(md5),
    %% A fun made in another process keeps that process as its creator.
    Other = spawn(fun() -> Self ! {made, self(), mk(1)} end),
    Theirs = receive {made, Other, G} -> G end,
    {pid, TheirCreator} = erlang:fun_info(Theirs, pid),
    Bad = [catch erlang:fun_info(F, nosuch), catch erlang:fun_info(notfun),
           catch erlang:fun_info_mfa(notfun), catch erlang:fun_info(notfun, arity)],
    {Items, Stable, Creator =:= Self, TheirCreator =:= Other, NewUniq =:= Md5,
     byte_size(Md5), erlang:fun_info_mfa(F), erlang:fun_info_mfa(Ext), erlang:fun_info(Ext),
     (F)(1), Theirs(1), [element(1, element(2, B)) || B <- Bad]}.
