# with: chained matches, guards in clauses, else branches.
defmodule ExWithExpr do
  defp fetch(map, key) do
    case Map.fetch(map, key) do
      {:ok, v} -> {:ok, v}
      :error -> {:error, {:missing, key}}
    end
  end

  defp run(map) do
    with {:ok, a} <- fetch(map, :a),
         {:ok, b} when is_integer(b) <- fetch(map, :b),
         sum = a + b,
         true <- sum < 100 do
      {:sum, sum}
    else
      {:error, reason} -> {:failed, reason}
      {:ok, other} -> {:not_integer, other}
      false -> :too_big
    end
  end

  def main do
    {run(%{a: 1, b: 2}), run(%{a: 1}), run(%{a: 1, b: "x"}), run(%{a: 99, b: 99}),
     with({:ok, x} <- {:ok, 5}, do: x * 2), with(:nomatch <- :other, do: :never)}
  end
end
