# Streams built from resources and transformations, zipped and concatenated.
defmodule ExStreamResource do
  def main do
    counter =
      Stream.resource(fn -> 0 end, fn
        n when n < 5 -> {[n], n + 1}
        n -> {:halt, n}
      end, fn _ -> :ok end)

    running =
      Stream.transform(1..6, 0, fn x, acc -> {[acc + x], acc + x} end)

    {Enum.to_list(counter), Enum.to_list(running),
     Stream.zip(1..3, Stream.cycle([:a])) |> Enum.to_list(),
     Stream.concat([1..2, [:x], 3..4]) |> Enum.to_list(),
     Stream.flat_map(1..3, &[&1, -&1]) |> Enum.to_list(),
     Stream.interval(1) |> Stream.take(0) |> Enum.to_list(),
     Stream.map_every(1..10, 3, &(&1 * 100)) |> Enum.to_list(),
     Stream.uniq([3, 1, 3, 2, 1]) |> Enum.to_list(), Stream.reject(1..6, &(&1 > 2)) |> Enum.sum()}
  end
end
