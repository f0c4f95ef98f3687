%% `div` and `rem` by literal divisors (compiled to a multiply and a shift for dividends in
%% 0..2^31, to a division otherwise), at the edges of that range and past it.
-module(const_division).
-export([main/0]).

main() ->
    Ns = [0, 1, 2, 6, 7, 8, 9, 10, 99, 100, 101, 65535, 65536, 1000000007,
          (1 bsl 31) - 2, (1 bsl 31) - 1, 1 bsl 31, (1 bsl 31) + 1, (1 bsl 32) + 5,
          (1 bsl 59) - 1, 1 bsl 59, 1 bsl 64, -1, -7, -8, -(1 bsl 31), -(1 bsl 59) - 1],
    [[{N rem 7, N div 7, N rem 10, N div 10, N rem 1, N div 1, N rem 3, N div 3,
       N rem 65536, N div 65536, N rem 1000000007, N div 1000000007,
       N rem 2147483647, N div 2147483647, N rem 2147483648, N div 2147483648}
      || N <- Ns],
     lists:sum([N rem 13 + N div 13 || N <- lists:seq(0, 100000, 7)]),
     [try X rem 7 catch error:R -> R end || X <- [1.5, atom, [1]]],
     [try X div 10 catch error:R -> R end || X <- [2.0, <<"a">>]]].
