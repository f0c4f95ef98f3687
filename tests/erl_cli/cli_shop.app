{application, cli_shop,
 [{description, "a shop beamwasm run --app starts"},
  {vsn, "1.0.0"},
  {modules, [cli_shop, cli_shop_counter, cli_shop_door, cli_shop_flaky]},
  {registered, [cli_shop_sup, cli_shop_counter, cli_shop_door, cli_shop_flaky]},
  {applications, [kernel, stdlib]},
  {mod, {cli_shop, []}}]}.
