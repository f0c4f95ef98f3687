# Formatting numbers and text: Erlang's io_lib from Elixir, padding, float rendering.
defmodule ExStringFormat do
  def main do
    {:io_lib.format("~5.2f|~-6s|~3..0B", [3.14159, "ab", 7]) |> IO.iodata_to_binary(),
     :erlang.float_to_binary(2.5, decimals: 3), :erlang.integer_to_binary(255, 16),
     Float.to_string(123.456), Integer.to_string(1_000_000), Enum.map([1.0, 0.5, 100.0, 1.0e-5], &to_string/1),
     String.pad_leading("x", 4) <> "|", :io_lib.format("~p", [%{a: [1, 2]}]) |> IO.iodata_to_binary(),
     IO.iodata_to_binary(["a", [?b, ["c"]], "d"]), IO.chardata_to_string([?é, "x"]),
     inspect(1.0), inspect(3.0e15), inspect(1.0e16), Float.round(1.005, 2)}
  end
end
