-module(bin_err_binary_seg).
-export([main/0]).
id(X) -> X.
main() -> B = id(<<1, 2, 3>>), <<B:4/binary>>.
