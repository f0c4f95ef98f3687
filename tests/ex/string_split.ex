# String.split/1 on whitespace (Unicode spaces too), and split/2,3 with patterns and options.
defmodule ExStringSplit do
  def main do
    {String.split("  the quick\tbrown\n fox  "), String.split(""), String.split("one"),
     String.split("a\u00A0b\u2003c"), String.split("a,b,,c", ","),
     String.split("a,b,,c", ",", trim: true), String.split("a,b,c", ",", parts: 2),
     String.split("a-b_c", ["-", "_"]), String.split("abc", ""),
     String.split("k=v; k2=v2", "; ") |> Enum.map(&String.split(&1, "=")),
     String.splitter("1 2 3", " ") |> Enum.to_list()}
  end
end
