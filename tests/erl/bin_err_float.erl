-module(bin_err_float).
-export([main/0]).
id(X) -> X.
main() -> {<<(id(1.0e300)):32/float>>, <<(id(abc)):32/float>>}.
