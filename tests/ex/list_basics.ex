# List functions and list pattern matching.
defmodule ExListBasics do
  def main do
    [h | t] = [1, 2, 3]

    {h, t, List.flatten([1, [2, [3, [4]]], []]), List.foldl([1, 2, 3], [], &[&1 | &2]),
     List.foldr([1, 2, 3], [], &[&1 | &2]), List.first([]), List.last([1, 2]), List.wrap(nil),
     List.wrap(:a), List.zip([[1, 2], [:a, :b]]), List.insert_at([1, 2], 1, :x),
     List.delete_at([1, 2, 3], -1), List.keyfind([a: 1, b: 2], :b, 0),
     List.keystore([a: 1], :b, 0, {:b, 2}), List.keydelete([a: 1, b: 2], :a, 0),
     List.to_tuple([1, 2]), List.duplicate(:z, 3), List.replace_at([1, 2, 3], 0, 0),
     List.update_at([1, 2], 1, &(&1 * 10)), List.myers_difference([1, 2, 3], [1, 3, 4]),
     List.starts_with?([1, 2, 3], [1, 2]), List.improper?([1 | 2]), [1, 2] ++ [3], [1, 2, 1] -- [1]}
  end
end
