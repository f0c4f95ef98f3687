# Keyword lists: options with duplicate keys, ordered lookups and updates.
defmodule ExKeywordBasics do
  def main do
    opts = [size: 3, color: :red, size: 5]

    {Keyword.get(opts, :size), Keyword.get_values(opts, :size), Keyword.put(opts, :size, 1),
     Keyword.delete(opts, :size), Keyword.merge(opts, color: :blue, new: true),
     Keyword.keys(opts), Keyword.values(opts), Keyword.has_key?(opts, :color),
     Keyword.fetch(opts, :nope), Keyword.update(opts, :color, :x, fn _ -> :green end),
     Keyword.take(opts, [:color]), Keyword.drop(opts, [:color]), Keyword.keyword?(opts),
     Keyword.keyword?([{1, 2}]), Keyword.new([{:b, 1}, {:a, 2}]), Keyword.pop(opts, :color),
     Keyword.get(opts, :missing, :dflt), Keyword.put_new(opts, :color, :x)}
  end
end
