-module(re_run_capture).
-export([main/0]).
%% re:run/3 with every capture specification and return type, compiled and textual.
main() ->
    S = <<"key=value; other=thing">>,
    P = "(\\w+)=(\\w+)(x)?",
    {ok, MP} = re:compile(P),
    Specs = [all, all_but_first, first, none, [], [0], [2, 1], [3], [1, 5]],
    Types = [index, list, binary],
    R1 = [re:run(S, P, [{capture, Spec, Type}]) || Spec <- Specs, Type <- Types],
    R2 = [re:run(S, MP, [{capture, Spec, Type}]) || Spec <- Specs, Type <- Types],
    R3 = [re:run(binary_to_list(S), MP, [{capture, Spec}]) || Spec <- Specs],
    R4 = [re:run([<<"ke">>, "y=v", [$a | <<"l">>]], P, []),
          re:run(S, P),
          re:run(S, MP, [{offset, 10}]),
          re:run(S, MP, [{offset, 10}, {capture, all, binary}]),
          re:run(S, "(a)|(b)|(c)", [{capture, all}]),
          re:run("c", "(a)|(b)|(c)", [{capture, all, list}]),
          re:run("c", "(a)|(b)|(c)", [{capture, all, binary}]),
          re:run("xyz", "q"),
          re:run("", ""),
          re:run("abc", "", [{offset, 3}]),
          re:run("abc", "c", [{offset, 3}]),
          re:run(S, MP, [{capture, first, list}, {capture, [1]}])],
    {R1 == R2, R1, R3, R4}.
