-module(bin_construct_float).
-export([main/0]).
id(X) -> X.
main() ->
    F = id(3.14159), I = id(7), Neg = id(-0.0),
    {<<F/float>>, <<F:32/float>>, <<F:16/float>>, <<F:64/float-little>>,
     <<F:32/float-little>>, <<I/float>>, <<I:32/float>>, <<Neg/float>>,
     <<(id(1.0e300))/float>>, <<(id(65504.0)):16/float>>, <<(id(1.0e-5)):16/float>>,
     <<(id(2.5)):4/float-unit:16>>, <<(id(1 bsl 80)):64/float>>, <<1:3, F/float>>}.
