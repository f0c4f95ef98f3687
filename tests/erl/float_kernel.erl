%% A numeric kernel: Newton's square roots, a dot product, a Mandelbrot escape count.
-module(float_kernel).
-export([main/0]).

main() ->
    Roots = [newton(float(N), 1.0, 30) || N <- [2, 3, 10, 12345]],
    Dot = dot(vec(1000, 0.5), vec(1000, 0.25), 0.0),
    Mandel = [escape(X / 10, Y / 10, 0.0, 0.0, 0) || X <- [-20, -5, 0, 3], Y <- [-10, 0, 5]],
    {Roots, Dot, Mandel, integrate(0.0, 1.0, 10000)}.

newton(_, X, 0) -> X;
newton(N, X, K) -> newton(N, (X + N / X) / 2, K - 1).

vec(0, _) -> [];
vec(N, S) -> [N * S | vec(N - 1, S)].

dot([], [], Acc) -> Acc;
dot([A | As], [B | Bs], Acc) -> dot(As, Bs, Acc + A * B).

escape(_, _, _, _, 100) -> 100;
escape(Cx, Cy, X, Y, N) when X * X + Y * Y > 4.0 -> N;
escape(Cx, Cy, X, Y, N) -> escape(Cx, Cy, X * X - Y * Y + Cx, 2 * X * Y + Cy, N + 1).

integrate(A, B, Steps) ->
    H = (B - A) / Steps,
    sum_steps(0, Steps, A, H, 0.0) * H.

sum_steps(Steps, Steps, _, _, Acc) -> Acc;
sum_steps(I, Steps, A, H, Acc) ->
    X = A + (I + 0.5) * H,
    sum_steps(I + 1, Steps, A, H, Acc + X * X).
