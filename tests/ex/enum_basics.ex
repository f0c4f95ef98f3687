# Enum's everyday functions over lists and ranges.
defmodule ExEnumBasics do
  def main do
    list = [5, 3, 8, 1, 9, 2, 8]

    {Enum.map(list, &(&1 * 2)), Enum.filter(list, &(rem(&1, 2) == 0)),
     Enum.reduce(list, 0, &+/2), Enum.sort(list), Enum.sort(list, :desc),
     Enum.sort_by(["bb", "a", "ccc"], &String.length/1), Enum.group_by(list, &rem(&1, 3)),
     Enum.frequencies(list), Enum.zip(list, ~w(a b c)), Enum.with_index(~w(x y)),
     Enum.chunk_every(list, 3), Enum.chunk_every(list, 2, 1, :discard), Enum.uniq(list),
     Enum.min_max(list), Enum.sum(1..100), Enum.count(list, &(&1 > 4)), Enum.reverse(list),
     Enum.at(list, 2), Enum.at(list, 20, :none), Enum.member?(list, 9), Enum.empty?([])}
  end
end
