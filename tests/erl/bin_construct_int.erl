-module(bin_construct_int).
-export([main/0]).
id(X) -> X.
main() ->
    N = id(5), V = id(-300), B = id(1 bsl 70 + 12345),
    {<<1, 2, 255, 256, -1>>,
     <<V:16>>, <<V:16/little>>, <<V:16/signed-little>>, <<V:24/native>>,
     <<V:N>>, <<V:N/unit:3>>, <<300:12/little>>, <<16#ABC:12/little>>,
     <<B:80>>, <<B:80/little>>, <<(-B):96/signed>>, <<B:72/little-signed>>,
     <<1:1, 0:1, 1:1, 1:5>>, <<>>, <<0:0>>, <<7:3, 255:8, 1:1>>,
     <<(id(16#123456789)):36>>, <<(id(-1)):64>>, <<(id(1 bsl 63)):64/little>>,
     [<<I:I>> || I <- [1, 2, 7, 8, 9, 15, 16, 17, 31, 33, 63, 64, 65]],
     <<V:4/unit:8-big>>, <<N:2/unit:16-little-signed>>}.
