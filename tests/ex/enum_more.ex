# Enum's less common functions: early exit, splitting, scanning, joining, collecting.
defmodule ExEnumMore do
  def main do
    {Enum.flat_map(1..3, &List.duplicate(&1, &1)),
     Enum.reduce_while(1..100, 0, fn x, acc -> if acc > 20, do: {:halt, acc}, else: {:cont, acc + x} end),
     Enum.take_while([1, 2, 3, 10, 1], &(&1 < 5)), Enum.drop([1, 2, 3, 4], 2),
     Enum.drop(1..10, -3), Enum.split_with(1..10, &(rem(&1, 3) == 0)),
     Enum.find([1, 4, 9, 16], &(&1 > 5)), Enum.find_index(~w(a b c), &(&1 == "c")),
     Enum.any?([1, 2], &(&1 > 1)), Enum.all?([]), Enum.scan(1..5, &+/2),
     Enum.dedup([1, 1, 2, 2, 1]), Enum.intersperse([1, 2, 3], 0), Enum.join(1..4, "-"),
     Enum.map_join(1..3, ",", &(&1 * &1)), Enum.into([a: 1, b: 2], %{}),
     Enum.map_reduce([1, 2, 3], 0, fn x, acc -> {x * 2, acc + x} end),
     Enum.slice(1..20, 5, 3), Enum.take_every(1..10, 3), Enum.max_by(~w(aa b cccc), &byte_size/1),
     Enum.min_by([{1, :b}, {0, :a}], &elem(&1, 0)), Enum.unzip([{1, :a}, {2, :b}]),
     Enum.product([2, 3, 7]), Enum.concat([[1], [2, 3], []]), Enum.split(1..6, 4),
     Enum.random([42]), Enum.shuffle([7]), Enum.chunk_by([1, 1, 2, 3, 3], & &1)}
  end
end
