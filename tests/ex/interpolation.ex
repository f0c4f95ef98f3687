# String interpolation through String.Chars, a custom implementation included.
defmodule ExInterpolation do
  defmodule Money do
    defstruct cents: 0
  end

  defimpl String.Chars, for: Money do
    def to_string(%Money{cents: c}), do: "$#{div(c, 100)}.#{String.pad_leading(Integer.to_string(rem(c, 100)), 2, "0")}"
  end

  def main do
    name = "world"
    n = 42

    {"hello #{name}", "n=#{n} f=#{1.5} a=#{:atom} l=#{[?a, ?b]}", "nested #{"in #{n + 1}"}",
     "#{%Money{cents: 1205}}", "#{nil}|#{true}", to_string(%Money{cents: 7}),
     "multi\nline #{n}", ~s(sigil #{n}), ~S(raw #{n}), "#{1..3 |> Enum.map(&(&1 * 2)) |> Enum.join(",")}",
     try do
       "#{%{a: 1}}"
     rescue
       e in Protocol.UndefinedError -> {:undefined, e.protocol, e.value}
     end}
  end
end
