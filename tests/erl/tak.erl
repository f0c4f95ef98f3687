%% Takeuchi function (integer version), the classic call-heavy benchmark.
-module(tak).
-export([main/0]).

main() -> {tak(18, 12, 6), tak(12, 8, 4), tak(24, 16, 8)}.

tak(X, Y, Z) when Y < X ->
    tak(tak(X - 1, Y, Z), tak(Y - 1, Z, X), tak(Z - 1, X, Y));
tak(_, _, Z) -> Z.
