//! The built-in functions the runtime implements in Rust, numbered for the ABI. The compiler
//! maps an import (`erlang:length/1`) to a `Bif` at compile time; an import that is neither a
//! known BIF nor resolvable code is reported by name, never silently mis-called.

macro_rules! bifs {
    ($( $variant:ident = ($module:literal, $function:literal, $arity:literal, $allocates:literal) ),* $(,)?) => {
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum Bif { $($variant),* }

        impl Bif {
            pub const ALL: &'static [Bif] = &[$(Bif::$variant),*];

            /// `(module, function, arity)` as Erlang names it.
            pub fn mfa(self) -> (&'static str, &'static str, u32) {
                match self { $(Bif::$variant => ($module, $function, $arity)),* }
            }

            /// Whether the result may need heap words (so the call needs a live-register count).
            pub fn allocates(self) -> bool {
                match self { $(Bif::$variant => $allocates),* }
            }
        }
    };
}

bifs! {
    Add = ("erlang", "+", 2, true),
    Subtract = ("erlang", "-", 2, true),
    Multiply = ("erlang", "*", 2, true),
    Divide = ("erlang", "/", 2, true),
    IntDiv = ("erlang", "div", 2, true),
    Rem = ("erlang", "rem", 2, true),
    Band = ("erlang", "band", 2, true),
    Bor = ("erlang", "bor", 2, true),
    Bxor = ("erlang", "bxor", 2, true),
    Bsl = ("erlang", "bsl", 2, true),
    Bsr = ("erlang", "bsr", 2, true),
    Bnot = ("erlang", "bnot", 1, true),
    Negate = ("erlang", "-", 1, true),
    Plus = ("erlang", "+", 1, false),
    Abs = ("erlang", "abs", 1, true),
    Equal = ("erlang", "==", 2, false),
    NotEqual = ("erlang", "/=", 2, false),
    ExactEqual = ("erlang", "=:=", 2, false),
    ExactNotEqual = ("erlang", "=/=", 2, false),
    Less = ("erlang", "<", 2, false),
    Greater = ("erlang", ">", 2, false),
    LessEqual = ("erlang", "=<", 2, false),
    GreaterEqual = ("erlang", ">=", 2, false),
    And = ("erlang", "and", 2, false),
    Or = ("erlang", "or", 2, false),
    Xor = ("erlang", "xor", 2, false),
    Not = ("erlang", "not", 1, false),
    IsAtom = ("erlang", "is_atom", 1, false),
    IsBinary = ("erlang", "is_binary", 1, false),
    IsBitstring = ("erlang", "is_bitstring", 1, false),
    IsBoolean = ("erlang", "is_boolean", 1, false),
    IsFloat = ("erlang", "is_float", 1, false),
    IsFunction = ("erlang", "is_function", 1, false),
    IsFunction2 = ("erlang", "is_function", 2, false),
    IsInteger = ("erlang", "is_integer", 1, false),
    IsList = ("erlang", "is_list", 1, false),
    IsMap = ("erlang", "is_map", 1, false),
    IsNumber = ("erlang", "is_number", 1, false),
    IsPid = ("erlang", "is_pid", 1, false),
    IsPort = ("erlang", "is_port", 1, false),
    IsReference = ("erlang", "is_reference", 1, false),
    IsTuple = ("erlang", "is_tuple", 1, false),
    Element = ("erlang", "element", 2, false),
    SetElement = ("erlang", "setelement", 3, true),
    TupleSize = ("erlang", "tuple_size", 1, false),
    Size = ("erlang", "size", 1, false),
    Length = ("erlang", "length", 1, false),
    Hd = ("erlang", "hd", 1, false),
    Tl = ("erlang", "tl", 1, false),
    Append = ("erlang", "++", 2, true),
    Subtract2 = ("erlang", "--", 2, true),
    AtomToList = ("erlang", "atom_to_list", 1, true),
    ListToAtom = ("erlang", "list_to_atom", 1, false),
    ListToExistingAtom = ("erlang", "list_to_existing_atom", 1, false),
    IntegerToList = ("erlang", "integer_to_list", 1, true),
    IntegerToListBase = ("erlang", "integer_to_list", 2, true),
    ListToInteger = ("erlang", "list_to_integer", 1, true),
    ListToIntegerBase = ("erlang", "list_to_integer", 2, true),
    TupleToList = ("erlang", "tuple_to_list", 1, true),
    ListToTuple = ("erlang", "list_to_tuple", 1, true),
    MakeTuple = ("erlang", "make_tuple", 2, true),
    MakeTupleInit = ("erlang", "make_tuple", 3, true),
    AppendElement = ("erlang", "append_element", 2, true),
    Min = ("erlang", "min", 2, false),
    Max = ("erlang", "max", 2, false),
    Error1 = ("erlang", "error", 1, true),
    Error2 = ("erlang", "error", 2, true),
    Exit1 = ("erlang", "exit", 1, true),
    Throw1 = ("erlang", "throw", 1, true),
    ListsReverse2 = ("lists", "reverse", 2, true),
    ByteSize = ("erlang", "byte_size", 1, true),
    BitSize = ("erlang", "bit_size", 1, true),
    BinaryPart2 = ("erlang", "binary_part", 2, true),
    BinaryPart3 = ("erlang", "binary_part", 3, true),
    SplitBinary = ("erlang", "split_binary", 2, true),
    ListToBinary = ("erlang", "list_to_binary", 1, true),
    IolistToBinary = ("erlang", "iolist_to_binary", 1, true),
    IolistSize = ("erlang", "iolist_size", 1, true),
    ListToBitstring = ("erlang", "list_to_bitstring", 1, true),
    BinaryToList1 = ("erlang", "binary_to_list", 1, true),
    BinaryToList3 = ("erlang", "binary_to_list", 3, true),
    BitstringToList = ("erlang", "bitstring_to_list", 1, true),
    AtomToBinary1 = ("erlang", "atom_to_binary", 1, true),
    AtomToBinary2 = ("erlang", "atom_to_binary", 2, true),
    BinaryToAtom1 = ("erlang", "binary_to_atom", 1, false),
    BinaryToAtom2 = ("erlang", "binary_to_atom", 2, false),
    BinaryToExistingAtom1 = ("erlang", "binary_to_existing_atom", 1, false),
    BinaryToExistingAtom2 = ("erlang", "binary_to_existing_atom", 2, false),
    IntegerToBinary1 = ("erlang", "integer_to_binary", 1, true),
    IntegerToBinary2 = ("erlang", "integer_to_binary", 2, true),
    BinaryToInteger1 = ("erlang", "binary_to_integer", 1, true),
    BinaryToInteger2 = ("erlang", "binary_to_integer", 2, true),
    TermToBinary1 = ("erlang", "term_to_binary", 1, true),
    BinaryToTerm1 = ("erlang", "binary_to_term", 1, true),
    Crc32 = ("erlang", "crc32", 1, true),
    Crc32Combine = ("erlang", "crc32", 2, true),
}

impl Bif {
    pub fn from_mfa(module: &str, function: &str, arity: u32) -> Option<Bif> {
        Bif::ALL
            .iter()
            .copied()
            .find(|b| b.mfa() == (module, function, arity))
    }

    /// The number the ABI passes for this BIF.
    pub fn id(self) -> u32 {
        self as u32
    }

    pub fn from_id(id: u32) -> Option<Bif> {
        Bif::ALL.get(id as usize).copied()
    }

    pub fn arity(self) -> u32 {
        self.mfa().2
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_and_names_round_trip() {
        for &bif in Bif::ALL {
            assert_eq!(Bif::from_id(bif.id()), Some(bif));
            let (m, f, a) = bif.mfa();
            assert_eq!(Bif::from_mfa(m, f, a), Some(bif));
        }
        assert_eq!(Bif::from_mfa("erlang", "-", 1), Some(Bif::Negate));
        assert_eq!(Bif::from_mfa("erlang", "nonesuch", 1), None);
    }
}
