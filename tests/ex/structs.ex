# Structs: defaults, update syntax, matching, enforced keys, and maps underneath.
defmodule ExStructs do
  defmodule User do
    @enforce_keys [:name]
    defstruct [:name, age: 0, tags: []]

    def adult?(%User{age: age}) when age >= 18, do: true
    def adult?(%User{}), do: false
  end

  def main do
    u = %User{name: "ann", age: 30}
    u2 = %{u | age: 10, tags: [:kid]}
    %User{name: name} = u2

    {u, u2, name, User.adult?(u), User.adult?(u2), Map.from_struct(u), u.__struct__,
     is_map(u), struct(User, name: "bob", nope: 1), Map.keys(u) |> Enum.sort(),
     match?(%User{}, %{__struct__: User, name: 1, age: 2, tags: []}), %User{name: "c"} == %User{name: "c"},
     try do
       struct!(User, age: 1)
     rescue
       e in ArgumentError -> {:enforced, Exception.message(e)}
     end,
     try do
       %{u | nope: 1}
     rescue
       e in KeyError -> {:key, e.key}
     end}
  end
end
