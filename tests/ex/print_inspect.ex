# IO.inspect of longer and nested terms: pretty printing at the default width, limits, structs.
defmodule ExPrintInspect do
  defmodule Box do
    defstruct [:content, size: 1]
  end

  def main do
    IO.inspect(Enum.to_list(1..60))
    IO.inspect(%{name: "a long name to force wrapping", values: Enum.to_list(1..15), nested: %{deep: [:x, :y, :z]}})
    IO.inspect(%Box{content: [1, 2]})
    IO.inspect(Enum.to_list(1..200), limit: 10)
    IO.inspect([1, 2], charlists: :as_lists)
    IO.inspect(~c"abc")
    IO.inspect(<<200, 201>>)
    IO.inspect({:a, "b", 3.0, nil}, label: "tuple")
    :done
  end
end
