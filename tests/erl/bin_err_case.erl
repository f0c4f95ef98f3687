-module(bin_err_case).
-export([main/0]).
id(X) -> X.
main() -> case id(<<"xyz", 1:2>>) of <<"abc", _/bits>> -> abc; <<_:8>> -> one end.
