-module(lib_bbmustache).
-export([main/0]).
%% A real workload of bbmustache (Debian's erlang-bbmustache): templates with sections,
%% inverted sections, lists, escaping and partial-free nesting.
main() ->
    T = <<"Hello {{name}}!\n{{#items}}- {{label}}: {{count}}\n{{/items}}{{^empty}}none{{/empty}} {{{raw}}} {{esc}}">>,
    Data = #{"name" => "World", "items" => [#{"label" => "a", "count" => 1}, #{"label" => "b", "count" => 22}],
             "empty" => [], "raw" => "<b>", "esc" => "<i>&\"'"},
    R1 = bbmustache:render(T, Data),
    P = bbmustache:parse_binary(<<"{{#a}}{{#b}}{{c}}{{/b}}{{/a}}|{{d.e}}">>),
    R2 = bbmustache:compile(P, #{"a" => true, "b" => [#{"c" => X} || X <- [1, 2, 3]], "d" => #{"e" => "deep"}}),
    R3 = bbmustache:render(<<"{{x}}">>, [{x, 42}], [{key_type, atom}]),
    {R1, R2, R3}.
