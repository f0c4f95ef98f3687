-module(lib_erlware_commons).
-export([main/0]).
%% A real workload of erlware_commons (Debian's erlang-erlware-commons): dictionaries, lists,
%% semantic versions (a neotoma-generated parser on `re`), string conversions, date formatting.
main() ->
    D0 = ec_dictionary:new(ec_dict),
    D1 = ec_dictionary:add(a, 1, ec_dictionary:add(b, 2, D0)),
    G = ec_dictionary:new(ec_gb_trees),
    G1 = ec_dictionary:add(k, v, G),
    {ec_dictionary:get(a, D1), lists:sort(ec_dictionary:to_list(D1)), ec_dictionary:to_list(G1),
     ec_lists:find(fun(X) -> X > 2 end, [1, 2, 3, 4]), ec_lists:fetch(fun(X) -> X > 3 end, [1, 5]),
     ec_semver:parse(<<"1.2.3-alpha.1+build.5">>), ec_semver:format(ec_semver:parse("2.0.0-rc.1")),
     ec_semver:gt("1.10.0", "1.9.0"), ec_semver:pes("2.6.5", "2.6"),
     ec_cnv:to_binary(42), ec_cnv:to_list(<<"ok">>), ec_cnv:to_integer("17"), ec_cnv:to_float("1.5"),
     ec_date:format("Y-m-d H:i:s", {{2026, 12, 7}, {13, 2, 47}}), ec_date:parse("2026-12-07 13:02:47")}.
