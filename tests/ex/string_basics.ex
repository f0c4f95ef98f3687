# String's everyday functions on ASCII text.
defmodule ExStringBasics do
  def main do
    s = "  Hello, World  "

    {String.upcase(s), String.downcase(s), String.trim(s), String.trim_leading(s),
     String.pad_leading("7", 3, "0"), String.pad_trailing("ab", 5, "."),
     String.replace("a-b-c", "-", "+"), String.replace("aaa", "a", "b", global: false),
     String.starts_with?("elixir", "eli"), String.ends_with?("elixir", ["x", "ir"]),
     String.contains?("elixir", "xi"), String.reverse("stressed"), String.slice("elixir", 1, 3),
     String.slice("elixir", 2..-1//1), String.length("elixir"), String.duplicate("ab", 3),
     String.first("xyz"), String.last("xyz"), String.at("xyz", 1), String.capitalize("hELLO"),
     String.to_integer("123"), String.to_atom("abc"), String.to_charlist("hi"),
     String.split_at("elixir", 3), String.equivalent?("a", "a"), String.jaro_distance("martha", "marhta")}
  end
end
