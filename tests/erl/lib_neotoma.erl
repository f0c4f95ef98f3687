-module(lib_neotoma).
-export([main/0]).
%% A real workload of neotoma (Debian's erlang-neotoma): its PEG grammar parser parsing a
%% grammar (neotoma_parse is neotoma's own generated parser).
main() ->
    Grammar = <<"rule <- 'a' rule / 'b' ;\nlist <- head:item tail:(',' item)* `[Head|Tail]` ;\nitem <- [0-9]+ ;\n">>,
    Parsed = neotoma_parse:parse(Grammar),
    {length(Parsed), Parsed}.
