# A struct of the program's own made Enumerable and Collectable (unconsolidated dispatch).
defmodule ExEnumerableImpl do
  defmodule Countdown do
    defstruct from: 3
  end

  defimpl Enumerable, for: Countdown do
    def count(%Countdown{from: n}), do: {:ok, n + 1}
    def member?(%Countdown{from: n}, x), do: {:ok, is_integer(x) and x >= 0 and x <= n}
    def slice(_), do: {:error, __MODULE__}

    def reduce(_, {:halt, acc}, _fun), do: {:halted, acc}
    def reduce(c, {:suspend, acc}, fun), do: {:suspended, acc, &reduce(c, &1, fun)}
    def reduce(%Countdown{from: n}, {:cont, acc}, _fun) when n < 0, do: {:done, acc}
    def reduce(%Countdown{from: n}, {:cont, acc}, fun), do: reduce(%Countdown{from: n - 1}, fun.(n, acc), fun)
  end

  defmodule Bag do
    defstruct items: []
  end

  defimpl Collectable, for: Bag do
    def into(bag) do
      {bag, fn
        b, {:cont, x} -> %{b | items: [x | b.items]}
        b, :done -> b
        _, :halt -> :ok
      end}
    end
  end

  def main do
    c = %Countdown{from: 5}

    {Enum.to_list(c), Enum.count(c), Enum.member?(c, 3), Enum.take(c, 2), Enum.zip(c, [:a, :b]),
     Enum.into([1, 2, 3], %Bag{}), Stream.map(c, &(&1 * 2)) |> Enum.take(3), Enum.sum(c)}
  end
end
