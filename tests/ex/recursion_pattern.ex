# Functions: multiple clauses, guards, default arguments, recursion, pipes, captures.
defmodule ExRecursionPattern do
  def fib(0), do: 0
  def fib(1), do: 1
  def fib(n) when n > 1, do: fib(n - 1) + fib(n - 2)

  def classify(x) when is_integer(x) and x < 0, do: :negative
  def classify(0), do: :zero
  def classify(x) when is_integer(x), do: :positive
  def classify(x) when is_binary(x), do: {:string, byte_size(x)}
  def classify(_), do: :other

  def greet(name, greeting \\ "hello"), do: "#{greeting} #{name}"

  def sum_list([]), do: 0
  def sum_list([h | t]), do: h + sum_list(t)

  def len(list, acc \\ 0)
  def len([], acc), do: acc
  def len([_ | t], acc), do: len(t, acc + 1)

  def main do
    {Enum.map(0..15, &fib/1), Enum.map([-3, 0, 3, "ab", :x], &classify/1), greet("ann"),
     greet("bob", "hi"), sum_list(Enum.to_list(1..100)), len(Enum.to_list(1..100_000)),
     1..10 |> Enum.filter(&(rem(&1, 2) == 1)) |> Enum.map(&(&1 * &1)) |> Enum.sum(),
     (fn a, b -> a * b end).(6, 7), Enum.map([1, 2], &__MODULE__.greet/1),
     case {1, [2, 3]} do
       {a, [b | _]} when a < b -> {:matched, a + b}
       _ -> :no
     end,
     cond do
       fib(10) > 100 -> :big
       true -> :small
     end}
  end
end
