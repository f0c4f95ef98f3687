# Tasks: async/await, several at once, yield, async_stream.
defmodule ExTaskAsync do
  def main do
    t = Task.async(fn -> Enum.sum(1..1000) end)
    tasks = for i <- 1..5, do: Task.async(fn -> i * i end)
    slow = Task.async(fn -> receive do :never -> :x end end)
    yielded = Task.yield(slow, 10)
    Task.shutdown(slow, :brutal_kill)

    {Task.await(t), Enum.map(tasks, &Task.await/1), yielded,
     Task.async_stream(1..4, &(&1 * 10)) |> Enum.to_list(),
     Task.await_many([Task.async(fn -> :a end), Task.async(fn -> :b end)])}
  end
end
