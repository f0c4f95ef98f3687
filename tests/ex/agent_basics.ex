# Agents: state held in a process, read and changed through functions.
defmodule ExAgentBasics do
  def main do
    {:ok, agent} = Agent.start_link(fn -> %{} end)
    :ok = Agent.update(agent, &Map.put(&1, :count, 1))
    got = Agent.get(agent, & &1)
    old = Agent.get_and_update(agent, fn s -> {s.count, %{s | count: s.count + 10}} end)
    :ok = Agent.cast(agent, fn s -> Map.put(s, :cast, true) end)
    final = Agent.get(agent, & &1)
    {:ok, named} = Agent.start_link(fn -> [] end, name: :ex_agent_named)
    Agent.update(:ex_agent_named, &[:x | &1])
    named_state = Agent.get(:ex_agent_named, & &1)
    :ok = Agent.stop(named)
    :ok = Agent.stop(agent)
    {got, old, final, named_state, Process.alive?(agent)}
  end
end
