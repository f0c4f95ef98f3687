# An uncaught Erlang error (badarith) and an uncaught throw are reported as Elixir reports them.
defmodule ExErrorUncaught do
  def main do
    zero = length([])
    1 + div(1, zero)
  end
end
