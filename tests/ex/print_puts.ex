# Printing: IO.puts, IO.write, IO.inspect (which returns its argument), chardata.
defmodule ExPrintPuts do
  def main do
    IO.puts("hello")
    IO.puts(["list ", ?o, "f chardata ", [?x, "y"]])
    IO.write("no newline")
    IO.write("\n")
    IO.puts(:atom)
    IO.puts(42)
    x = IO.inspect({:tuple, [1, 2], %{k: "v"}})
    IO.inspect("string", label: "labelled")
    IO.puts(Enum.join(["a", "b"], ", "))
    :io.format("erlang ~p ~s~n", [[1, 2], "s"])
    x
  end
end
