# MapSet operations and ranges with steps.
defmodule ExMapSetRange do
  def main do
    a = MapSet.new([1, 2, 3, 4])
    b = MapSet.new([3, 4, 5])
    first..last//step = 2..9//3

    {MapSet.union(a, b) |> MapSet.to_list(), MapSet.intersection(a, b) |> MapSet.to_list(),
     MapSet.difference(a, b) |> MapSet.to_list(), MapSet.member?(a, 2), MapSet.size(b),
     MapSet.subset?(MapSet.new([1]), a), MapSet.put(a, 1) == a, MapSet.delete(b, 5) |> Enum.to_list(),
     Enum.to_list(1..10//3), Enum.to_list(10..1//-4), Enum.count(1..0//1), Range.size(1..100//7),
     Enum.sum(-5..5), 3 in 1..5, 7 in 1..5//2, Enum.reverse(1..4), {first, last, step}}
  end
end
