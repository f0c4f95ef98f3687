# Processes: spawn, send/receive with selective receive and timeouts, monitors, links.
defmodule ExProcessMessages do
  defp echo do
    receive do
      {:echo, from, msg} ->
        send(from, {:reply, msg})
        echo()

      :stop ->
        :ok
    end
  end

  def main do
    pid = spawn(fn -> echo() end)
    send(pid, {:echo, self(), :one})
    send(pid, {:echo, self(), :two})
    r1 = receive do {:reply, m} -> m end
    r2 = receive do {:reply, m} -> m end
    ref = Process.monitor(pid)
    send(pid, :stop)
    down = receive do {:DOWN, ^ref, :process, ^pid, reason} -> reason end
    send(self(), :b)
    send(self(), :a)
    first = receive do :a -> :a end
    second = receive do x -> x end
    timeout = receive do :never -> :got after 5 -> :timeout end
    Process.flag(:trap_exit, true)
    linked = spawn_link(fn -> exit(:crash) end)
    exit_msg = receive do {:EXIT, ^linked, why} -> why end
    {r1, r2, down, first, second, timeout, exit_msg, Process.alive?(pid), is_pid(self())}
  end
end
