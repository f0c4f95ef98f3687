# Tuples, atoms, binaries and bitstring patterns.
defmodule ExTupleAtomBinary do
  def main do
    t = {:a, :b, :c}
    <<head::binary-size(2), rest::binary>> = "abcdef"
    <<n::16, m::little-16>> = <<1, 2, 3, 4>>
    <<c::utf8, tail::binary>> = "ébc"

    {elem(t, 1), put_elem(t, 0, :z), Tuple.append(t, :d), Tuple.to_list(t), tuple_size(t),
     Tuple.delete_at(t, 1), Tuple.insert_at(t, 0, 0), Tuple.duplicate(0, 3), Atom.to_string(:hello),
     String.to_existing_atom("ok"), :"quoted atom", head, rest, n, m, c, tail,
     byte_size(<<1, 2, 3>>), bit_size(<<1::5>>), <<1::4, 15::4>>, :binary.copy("ab", 3),
     :binary.part("hello", 1, 3), :binary.bin_to_list("hi"), is_atom(nil), is_boolean(false),
     <<"a", 0::8, "b">> <> "c", binary_part("hello", 0, 2)}
  end
end
