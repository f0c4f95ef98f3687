-module(bin_mod_split).
-export([main/0]).
%% binary:split/2,3 with global, trim, trim_all, scope and compiled patterns.
id(X) -> X.
main() ->
    S = id(<<",a,,b,c,,">>),
    Cp = binary:compile_pattern([<<",">>, <<";">>]),
    {binary:split(S, <<",">>), binary:split(S, <<",">>, [global]),
     binary:split(S, <<",">>, [global, trim]), binary:split(S, <<",">>, [global, trim_all]),
     binary:split(S, <<",">>, [trim]), binary:split(S, <<",">>, [trim_all]),
     binary:split(<<"a,b">>, <<",">>, [trim_all]),
     binary:split(<<"abc">>, <<",">>), binary:split(<<"abc">>, <<",">>, [global, trim_all]),
     binary:split(<<>>, <<",">>), binary:split(<<>>, <<",">>, [trim]),
     binary:split(<<>>, <<",">>, [trim_all]), binary:split(<<",">>, <<",">>, [global]),
     binary:split(<<",">>, <<",">>, [global, trim]), binary:split(<<",,,">>, <<",">>, [global, trim_all]),
     binary:split(<<"a;b,c;;d">>, Cp, [global]), binary:split(<<"a;b,c;;d">>, [<<";;">>, <<";">>], [global]),
     binary:split(<<"a,b,c,d,e">>, <<",">>, [global, {scope, {2, 5}}]),
     binary:split(<<"a,b,c,d,e">>, <<",">>, [{scope, {2, 5}}]),
     binary:split(<<"a,b,c,d,e">>, <<",">>, [global, {scope, {9, -6}}]),
     binary:split(<<"a,b,c,d,">>, <<",">>, [global, {scope, {0, 5}}, trim]),
     binary:split(<<"hello world">>, <<"o">>, [global, trim, trim_all]),
     binary:split(<<"banana">>, [<<"an">>, <<"a">>], [global]),
     binary:split(<<"banana">>, <<"na">>, [global, trim]),
     binary:split(<<0, 1, 0, 0, 2>>, <<0>>, [global]),
     binary:split(binary:part(<<"xx,yy,zz">>, 1, 6), <<",">>, [global]),
     string:split(<<"a-b-c">>, "-"), string:split(<<"a-b-c">>, "-", all),
     string:split(<<"a-b-c">>, "-", trailing), string:split("x--y", "--", all),
     string:lexemes(<<"  a b  c ">>, " "), string:lexemes("a,b;;c", ",;"),
     string:lexemes(<<"a\r\nb\nc">>, [[$\r, $\n], $\n]),
     string:replace(<<"a.b.c">>, ".", "::", all), string:replace("a.b.c", ".", "-"),
     string:find(<<"hello world">>, <<"o w">>), string:find(<<"hello">>, "l", trailing),
     string:tokens("a b  c", " "), string:trim(<<"  x  ">>)}.
