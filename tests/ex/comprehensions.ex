# for comprehensions: generators, filters, into:, bitstring generators, reduce:, uniq:.
defmodule ExComprehensions do
  def main do
    {for(x <- 1..4, do: x * x), for(x <- 1..3, y <- [:a, :b], do: {x, y}),
     for(x <- 1..10, rem(x, 3) == 0, do: x), for({k, v} <- [a: 1, b: 2, c: 3], v > 1, do: k),
     for(x <- ~w(a b), into: %{}, do: {x, String.upcase(x)}), for(<<c <- "hey">>, do: c + 1),
     for(<<r::4, g::4 <- <<0x12, 0x34>> >>, do: {r, g}), for(x <- [1, 2, 3], reduce: 0, do: (acc -> acc + x)),
     for(x <- [1, 1, 2, 2], uniq: true, do: x), for(x <- [1, 2], into: "", do: Integer.to_string(x)),
     for({:ok, v} <- [{:ok, 1}, :error, {:ok, 2}], do: v),
     for(x <- 1..3, y <- x..3, x + y == 4, do: {x, y})}
  end
end
