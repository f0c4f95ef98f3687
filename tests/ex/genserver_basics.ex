# A GenServer: calls, casts, plain messages, a named server and a stop reason.
defmodule ExGenServerBasics do
  use GenServer

  def init(start), do: {:ok, %{count: start, log: []}}

  def handle_call(:get, _from, s), do: {:reply, s.count, s}
  def handle_call({:add, n}, _from, s), do: {:reply, :added, %{s | count: s.count + n}}
  def handle_call(:log, _from, s), do: {:reply, Enum.reverse(s.log), s}

  def handle_cast({:note, x}, s), do: {:noreply, %{s | log: [x | s.log]}}

  def handle_info({:ping, from}, s) do
    send(from, {:pong, s.count})
    {:noreply, s}
  end

  def main do
    {:ok, pid} = GenServer.start_link(__MODULE__, 5)
    a = GenServer.call(pid, :get)
    b = GenServer.call(pid, {:add, 7})
    GenServer.cast(pid, {:note, :first})
    GenServer.cast(pid, {:note, :second})
    send(pid, {:ping, self()})
    pong = receive do {:pong, n} -> n after 1000 -> :timeout end
    log = GenServer.call(pid, :log)
    {:ok, _} = GenServer.start_link(__MODULE__, 100, name: :ex_counter)
    named = GenServer.call(:ex_counter, :get)
    :ok = GenServer.stop(pid)
    :ok = GenServer.stop(:ex_counter)
    {a, b, pong, log, named, Process.alive?(pid), GenServer.whereis(:ex_counter)}
  end
end
