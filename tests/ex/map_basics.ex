# Maps: building, reading, updating, merging, pattern matching.
defmodule ExMapBasics do
  def main do
    m = %{a: 1, b: 2}
    m2 = %{m | a: 10}
    %{b: b} = m2
    big = Map.new(1..40, &{&1, &1 * &1})

    {Map.put(m, :c, 3), Map.get(m, :z, :default), Map.fetch(m, :a), Map.fetch(m, :z),
     Map.update(m, :a, 0, &(&1 + 1)), Map.update(m, :q, 0, &(&1 + 1)), Map.merge(m, %{b: 20, d: 4}),
     Map.merge(m, %{b: 5}, fn _k, v1, v2 -> v1 + v2 end), Map.delete(m, :a), Map.keys(m),
     Map.values(m2), Map.to_list(m), b, Map.take(m, [:a, :x]), Map.drop(m, [:a]),
     Map.has_key?(m, :b), map_size(big), big[39], Map.filter(m, fn {_k, v} -> v > 1 end),
     Map.pop(m, :a), Map.get_and_update(m, :b, &{&1, &1 * 100}), Map.split(m, [:a]),
     Map.new([{"x", 1}, {"x", 2}]), Enum.sum(Map.values(big))}
  end
end
