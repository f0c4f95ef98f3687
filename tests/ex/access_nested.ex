# Nested data through Access: get_in, put_in, update_in, pop_in, and Access functions.
defmodule ExAccessNested do
  def main do
    data = %{users: [%{name: "a", roles: [:admin]}, %{name: "b", roles: []}], meta: %{count: 2}}

    {get_in(data, [:meta, :count]), put_in(data, [:meta, :count], 3).meta,
     update_in(data, [:users, Access.all(), :name], &String.upcase/1).users,
     get_in(data, [:users, Access.at(1), :name]), pop_in(data, [:meta, :count]) |> elem(0),
     get_in(data, [:users, Access.filter(&(&1.roles != [])), :name]),
     data[:meta][:count], data[:nope][:x], put_in(data.meta.count, 9).meta,
     get_and_update_in(data, [:meta, :count], &{&1, &1 * 2}) |> elem(1) |> Map.get(:meta),
     Access.fetch([a: 1], :a), get_in([a: [b: 2]], [:a, :b]), update_in([1, 2, 3], [Access.at(0)], &(&1 - 1))}
  end
end
