%% erlang:halt/1,2 and init:stop/1 refuse what OTP refuses (badarg, the run goes on); the
%% command line seen from a program: a flag no one gave is `error`.
-module(init_halt_errors).
-export([main/0]).

main() ->
    Refused = [catch_reason(F) || F <- [fun() -> halt(-1) end,
                                        fun() -> halt(foo) end,
                                        fun() -> halt(1.5) end,
                                        fun() -> halt(-(1 bsl 70)) end,
                                        fun() -> halt([a, b]) end,
                                        fun() -> halt("abc" ++ d) end,
                                        fun() -> halt(2, [bad]) end,
                                        fun() -> halt(2, foo) end,
                                        fun() -> halt(2, [{flush, maybe}]) end,
                                        fun() -> halt(foo, [{flush, true}]) end,
                                        fun() -> init:stop(foo) end,
                                        fun() -> init:stop(-3) end,
                                        fun() -> init:stop(2.0) end]],
    {Refused, init:get_argument(no_such_flag_here), init:get_argument("noshell")}.

catch_reason(F) ->
    try F() of
        Result -> {returned, Result}
    catch
        Class:Reason -> {Class, Reason}
    end.
