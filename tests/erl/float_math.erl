%% The math module's BIFs.
-module(float_math).
-export([main/0]).

main() ->
    X = id(0.5), Y = id(2),
    {math:pi(), math:sqrt(Y), math:sin(X), math:cos(X), math:tan(X), math:asin(X), math:acos(X),
     math:atan(X), math:atan2(X, Y), math:sinh(X), math:cosh(X), math:tanh(X), math:asinh(X),
     math:acosh(Y), math:atanh(X), math:exp(X), math:log(Y), math:log2(Y), math:log10(Y),
     math:pow(Y, 10), math:pow(X, X), math:fmod(id(7.5), Y), math:floor(id(-1.5)), math:ceil(id(-1.5))}.

id(X) -> X.
