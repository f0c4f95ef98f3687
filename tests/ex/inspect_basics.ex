# inspect/2 of built-in terms, with options.
defmodule ExInspectBasics do
  def main do
    {inspect([1, 2, 3]), inspect(~c"abc"), inspect([?a, 0]), inspect(%{"b" => [2], a: 1}),
     inspect({:ok, "str", 1.5}), inspect(:"with space"), inspect(nil), inspect(Elixir.String),
     inspect(1..10//2), inspect(<<1, 2, 255>>), inspect("héllo\n"), inspect(Enum.to_list(1..30), limit: 5),
     inspect(255, base: :hex), inspect(%{z: 1, a: 2}), inspect([a: 1, b: 2]),
     inspect(&Enum.map/2), inspect(MapSet.new([3, 1])), inspect("abc", binaries: :as_binaries),
     inspect([1, [2, [3]]], pretty: true, width: 5), inspect(-0.0), inspect(1.0e-10),
     inspect(:foo@bar), inspect(:"Elixir.Foo.Bar"), inspect({}), inspect(%{}), inspect(<<1::3>>)}
  end
end
