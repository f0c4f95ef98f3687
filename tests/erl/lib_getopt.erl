-module(lib_getopt).
-export([main/0]).
%% A real workload of getopt (Debian's erlang-getopt): command-line parsing.
main() ->
    Spec = [{help, $h, "help", undefined, "Show help"},
            {verbose, $v, "verbose", integer, "Verbosity"},
            {name, $n, "name", {string, "anon"}, "Name"},
            {port, $p, "port", {integer, 8080}, "Port"},
            {debug, undefined, "debug", boolean, "Debug"},
            {file, undefined, undefined, string, "Input file"}],
    A = getopt:parse(Spec, ["-v", "3", "--name=joe", "-p", "99", "--debug", "in.txt", "extra"]),
    B = getopt:parse(Spec, "-h --port 1 x"),
    C = getopt:parse(Spec, ["--port", "notanumber"]),
    D = getopt:parse_and_check(Spec, ["-v", "2"]),
    E = getopt:tokenize("a 'b c' \"d e\" f\\ g"),
    {A, B, C, D, E}.
