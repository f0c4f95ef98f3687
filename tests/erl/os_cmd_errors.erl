-module(os_cmd_errors).
-export([main/0]).
%% beamwasm-run-flags: --allow-cmd
%% What os:cmd/1,2 refuses: commands that are not strings, zeros inside, bad options.
main() ->
    Try = fun(F) -> try F() catch C:R -> {C, R} end end,
    {Try(fun() -> os:cmd(123) end),
     Try(fun() -> os:cmd([$e, $c, 0, $h]) end),
     Try(fun() -> os:cmd("echo trailing" ++ [0, 0]) end),
     Try(fun() -> os:cmd({tuple}) end),
     Try(fun() -> os:cmd("echo x", not_a_map) end),
     Try(fun() -> os:cmd([$e, $c, $h, $o, $\s, -1]) end),
     Try(fun() -> os:cmd("") end)}.
