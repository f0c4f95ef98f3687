%% The value of `catch Expr` for each class; error values carry the stack trace.
-module(exc_catch_expr).
-export([main/0]).

main() ->
    A = (catch throw(t)),
    B = (catch exit(e)),
    {'EXIT', {R, Stack}} = (catch error(r)),
    C = (catch 42),
    D = (catch deep(3)),
    {A, B, R, upto_main(Stack), C, D}.

deep(0) -> throw({bottom, 0});
deep(N) -> [N | deep(N - 1)].

upto_main([{?MODULE, main, 0, _} = F | _]) -> [F];
upto_main([F | Rest]) -> [F | upto_main(Rest)];
upto_main([]) -> [].
