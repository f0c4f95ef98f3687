# An uncaught exception of the program's own type, raised from a nested call.
defmodule ExRaiseCustom do
  defmodule Oops do
    defexception [:code]
    def message(e), do: "oops with code #{e.code}"
  end

  def main do
    Enum.map([1, 2], fn x -> if x == 2, do: raise(Oops, code: x), else: x end)
  end
end
