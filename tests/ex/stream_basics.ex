# Lazy streams: composed, infinite, unfolded.
defmodule ExStreamBasics do
  def main do
    squares = Stream.map(1..1_000_000, &(&1 * &1))

    {Enum.take(squares, 5), Stream.filter(1..20, &(rem(&1, 7) == 0)) |> Enum.to_list(),
     Stream.iterate(1, &(&1 * 3)) |> Enum.take(6),
     Stream.unfold({0, 1}, fn {a, b} -> {a, {b, a + b}} end) |> Enum.take(12),
     Stream.cycle([:a, :b]) |> Enum.take(5), Stream.with_index(~w(x y z)) |> Enum.to_list(),
     Stream.chunk_every(1..7, 3) |> Enum.to_list(), Stream.take_while(1..100, &(&1 < 4)) |> Enum.to_list(),
     Stream.drop(1..6, 4) |> Enum.to_list(), Stream.dedup([1, 1, 2]) |> Enum.to_list(),
     Stream.scan(1..4, &+/2) |> Enum.to_list(), Stream.repeatedly(fn -> :x end) |> Enum.take(2)}
  end
end
