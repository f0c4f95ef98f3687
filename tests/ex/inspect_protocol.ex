# Protocols dispatched without consolidation: a struct's own Inspect implementation, a
# derived one, and a protocol of this program's with implementations for built-in types.
defmodule ExInspectProtocol do
  defmodule Point do
    defstruct x: 0, y: 0
  end

  defimpl Inspect, for: Point do
    def inspect(%Point{x: x, y: y}, _opts), do: "#Point<#{x},#{y}>"
  end

  defmodule Secret do
    @derive {Inspect, only: [:name]}
    defstruct name: "n", password: "p"
  end

  defmodule Plain do
    defstruct a: 1
  end

  defprotocol Describe do
    @fallback_to_any true
    def describe(term)
  end

  defimpl Describe, for: Integer do
    def describe(n), do: "integer #{n}"
  end

  defimpl Describe, for: List do
    def describe(l), do: "list of #{length(l)}"
  end

  defimpl Describe, for: Point do
    def describe(p), do: "point at #{p.x}"
  end

  defimpl Describe, for: Any do
    def describe(_), do: "something"
  end

  def main do
    {inspect(%Point{x: 1, y: 2}), inspect([%Point{}]), inspect(%Secret{}), inspect(%Plain{}),
     Describe.describe(7), Describe.describe([1, 2]), Describe.describe(%Point{x: 3}),
     Describe.describe(:atom), Describe.impl_for(3), Inspect.impl_for(%Point{}),
     Describe.impl_for(%Plain{})}
  end
end
