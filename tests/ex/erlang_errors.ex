# Erlang errors normalized to Elixir exceptions, with their messages.
defmodule ExErlangErrors do
  defp rescued(fun) do
    try do
      fun.()
    rescue
      e -> {e.__struct__, Exception.message(e)}
    end
  end

  defp one(1), do: :one

  def main do
    zero = Enum.count([])
    key = :"missing#{zero}"

    [rescued(fn -> 1 / zero end), rescued(fn -> Map.fetch!(%{a: 1}, key) end),
     rescued(fn -> one(zero) end), rescued(fn -> {:ok, _} = {:error, zero} end),
     rescued(fn -> case zero do 1 -> :x end end), rescued(fn -> elem({}, zero) end),
     rescued(fn -> String.to_integer("x#{zero}") end), rescued(fn -> apply(ExNoSuchModule, :f, []) end),
     rescued(fn -> :erlang.binary_to_atom(<<zero>>, :nonsense) end),
     rescued(fn -> [a: 1] |> Keyword.fetch!(key) end), rescued(fn -> List.first(zero) end),
     Exception.normalize(:error, :badarith, []).__struct__]
  end
end
