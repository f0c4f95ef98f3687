-module(bin_mod_uncaught).
-export([main/0]).
%% An uncaught badarg from a binary-module NIF: class and reason as OTP.
main() ->
    {binary:at(<<"ab">>, 1), binary:split(<<"a">>, <<>>)}.
