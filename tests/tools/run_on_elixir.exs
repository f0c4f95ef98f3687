# The oracle of the Elixir differential test: runs Mod.main() on real Elixir.
#
# Usage: elixir -pa BEAM_DIR run_on_elixir.exs MODULE...
#
# Prints exactly one line per module, in the order given, fields separated by a single TAB:
#
#   MODULE<TAB>ok<TAB>TEXT          main() returned; TEXT is :io_lib.format("~w", [result])
#   MODULE<TAB>raised<TAB>BANNER    main() raised; BANNER is what `elixir` prints for it before
#                                   the stack trace (`** (RuntimeError) boom`), newlines as \n
#
# Each main() runs in a fresh process; crash reports of spawned processes are silenced so that
# they cannot interleave with the result lines. Programs that print run on their own instead
# (`elixir -pa DIR -e ...`), so that their output is compared byte for byte.
:logger.set_primary_config(:level, :none)

defmodule RunOnElixir do
  def line(module) do
    parent = self()
    pid = spawn(fn -> send(parent, {self(), outcome(module)}) end)
    ref = Process.monitor(pid)
    wait(pid, ref)
  end

  defp outcome(module) do
    try do
      ["ok\t", :io_lib.format("~w", [module.main()])]
    catch
      kind, reason ->
        # What the `elixir` command prints, up to the stack trace.
        report = IO.iodata_to_binary(Kernel.CLI.format_error(kind, reason, __STACKTRACE__))
        banner = report |> String.split("\n") |> Enum.take_while(&(not String.starts_with?(&1, "    ")))
        ["raised\t", Enum.join(banner, "\\n")]
    end
  end

  defp wait(pid, ref) do
    receive do
      {^pid, line} ->
        receive do
          {:DOWN, ^ref, :process, ^pid, _} -> line
        end

      {:DOWN, ^ref, :process, ^pid, why} ->
        ["raised\tprocess died: ", inspect(why)]
    end
  end
end

for name <- System.argv() do
  IO.binwrite([name, ?\t, RunOnElixir.line(String.to_atom(name)), ?\n])
end
