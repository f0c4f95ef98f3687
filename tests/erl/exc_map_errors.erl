%% Map errors caught with their stack traces: badkey and badmap carry the BIF frame.
-module(exc_map_errors).
-export([main/0]).

main() ->
    M = #{a => 1},
    A = try maps:get(b, id(M)) catch error:R1:S1 -> {R1, hd(S1)} end,
    B = try map_size(id(not_a_map)) catch error:R2:S2 -> {R2, hd(S2)} end,
    C = try (id(M))#{b := 2} catch error:R3 -> R3 end,
    D = try maps:put(k, v, id([])) catch error:R4:S4 -> {R4, hd(S4)} end,
    {A, B, C, D}.

id(X) -> X.
