# Printing non-ASCII text: UTF-8 on standard output, as `elixir` prints it.
defmodule ExPrintUnicode do
  def main do
    IO.puts("héllo wörld")
    IO.puts("日本語 ✓")
    IO.inspect("naïve")
    IO.puts(String.upcase("ß"))
    String.length("héllo")
  end
end
