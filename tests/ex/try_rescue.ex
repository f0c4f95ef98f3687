# try/rescue/catch/after/else with Elixir exceptions, custom ones and Exception.message/1.
defmodule ExTryRescue do
  defmodule TooSmall do
    defexception [:value, message: "default message"]

    @impl true
    def message(%TooSmall{value: v}), do: "#{v} is too small"
  end

  defmodule Plain do
    defexception message: "plain failure"
  end

  defp check(n) when n < 10, do: raise(TooSmall, value: n)
  defp check(n), do: n

  def main do
    r1 =
      try do
        check(3)
      rescue
        e in TooSmall -> {:rescued, Exception.message(e), e.value}
      end

    r2 =
      try do
        raise "boom"
      rescue
        e -> {e.__struct__, Exception.message(e)}
      end

    r3 =
      try do
        raise ArgumentError, "bad arg"
      rescue
        e in [RuntimeError, ArgumentError] -> Exception.message(e)
      end

    r4 =
      try do
        raise Plain
      rescue
        e -> Exception.message(e)
      end

    r5 =
      try do
        throw(:ball)
      catch
        :throw, v -> {:caught, v}
      end

    r6 =
      try do
        exit(:bye)
      catch
        :exit, r -> {:exit, r}
      end

    r7 =
      try do
        check(20)
      rescue
        _ -> :no
      else
        v -> {:else, v}
      after
        :ignored
      end

    r8 =
      try do
        try do
          raise "inner"
        rescue
          e -> reraise e, __STACKTRACE__
        end
      rescue
        e -> {:reraised, e.message}
      end

    r9 = Exception.message(%TooSmall{value: 1})
    r10 = Exception.exception?(%Plain{})
    {r1, r2, r3, r4, r5, r6, r7, r8, r9, r10}
  end
end
