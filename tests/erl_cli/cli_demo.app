{application, cli_demo,
 [{description, "an application beamwasm run --app starts"},
  {vsn, "0.1.0"},
  {modules, [cli_demo]},
  {registered, [cli_demo_sup]},
  {applications, [kernel, stdlib]},
  {mod, {cli_demo, []}},
  {env, [{greeting, "hello"}, {rounds, 2}]}]}.
