%% float_to_list/1,2 with every option, list_to_float/1.
-module(float_to_list).
-export([main/0]).

main() ->
    Fs = [id(1.5), id(-0.1), id(123456.789), id(1.0e-10), id(0.0), id(2.675), id(1.0e22)],
    [{float_to_list(F), float_to_list(F, [{decimals, 3}]), float_to_list(F, [{decimals, 6}, compact]),
      float_to_list(F, [{scientific, 5}]), float_to_list(F, [short]), float_to_list(F, [{decimals, 0}])}
     || F <- Fs] ++
        [list_to_float("3.25"), list_to_float("-1.0e3"), list_to_float("6.02E23"), list_to_float("+0.5")].

id(X) -> X.
