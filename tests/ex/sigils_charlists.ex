# Sigils and charlists: ~w, ~c, ~s with modifiers, charlist functions, ?-codepoints.
defmodule ExSigilsCharlists do
  def main do
    {~w(one two three), ~w(a b)a, ~w(x y)c, ~c"chars", ~s(a "quoted" string), ?a, ?é, ?\n,
     ~c"abc" ++ ~c"def", List.to_string(~c"back"), String.to_charlist("ü"), to_charlist(12),
     Enum.map(~c"abc", &(&1 + 1)), :string.to_upper(~c"erl"), :lists.reverse(~c"olleh"),
     'single' == ~c"single", is_list(~c"x")}
  end
end
