# An uncaught exception: what the runner prints on standard error.
defmodule ExPrintRaiseUncaught do
  def main do
    IO.puts("before")
    helper(Enum.count([1]))
  end

  defp helper(n), do: raise(ArgumentError, "bad value #{n}")
end
