# Kernel odds and ends: if/unless, case with pins, pattern operators, boolean and
# comparison semantics, term ordering, to_string and is_* guards.
defmodule ExKernelMisc do
  def main do
    x = 5
    pin = 5

    {if(x > 3, do: :big, else: :small), unless(x > 3, do: :a, else: :b),
     case 5 do
       ^pin -> :pinned
       _ -> :other
     end, nil || :default, false && :never, !nil, 1 == 1.0, 1 === 1.0, :a < "a",
     Enum.sort([{1}, :atom, "bin", 1.5, [1], %{}, self() |> is_pid()]),
     is_function(&Enum.map/2, 2), is_number(1.0), to_string(:abc), Kernel.+(1, 2),
     then(3, &(&1 * 2)), tap(4, fn _ -> :ignored end), min(:a, 1), binding() |> Keyword.keys()}
  end
end
