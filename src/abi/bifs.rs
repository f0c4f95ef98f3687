//! The built-in functions the host implements in Rust, numbered for the ABI. The compiler
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
    Raise3 = ("erlang", "raise", 3, true),
    MakeFun3 = ("erlang", "make_fun", 3, true),
    FunInfo2 = ("erlang", "fun_info", 2, true),
    Float = ("erlang", "float", 1, true),
    Trunc = ("erlang", "trunc", 1, true),
    Round = ("erlang", "round", 1, true),
    Floor = ("erlang", "floor", 1, true),
    Ceil = ("erlang", "ceil", 1, true),
    FloatToList = ("erlang", "float_to_list", 1, true),
    FloatToList2 = ("erlang", "float_to_list", 2, true),
    ListToFloat = ("erlang", "list_to_float", 1, true),
    MathPi = ("math", "pi", 0, true),
    MathSqrt = ("math", "sqrt", 1, true),
    MathSin = ("math", "sin", 1, true),
    MathCos = ("math", "cos", 1, true),
    MathTan = ("math", "tan", 1, true),
    MathAsin = ("math", "asin", 1, true),
    MathAcos = ("math", "acos", 1, true),
    MathAtan = ("math", "atan", 1, true),
    MathAtan2 = ("math", "atan2", 2, true),
    MathSinh = ("math", "sinh", 1, true),
    MathCosh = ("math", "cosh", 1, true),
    MathTanh = ("math", "tanh", 1, true),
    MathAsinh = ("math", "asinh", 1, true),
    MathAcosh = ("math", "acosh", 1, true),
    MathAtanh = ("math", "atanh", 1, true),
    MathExp = ("math", "exp", 1, true),
    MathLog = ("math", "log", 1, true),
    MathLog2 = ("math", "log2", 1, true),
    MathLog10 = ("math", "log10", 1, true),
    MathPow = ("math", "pow", 2, true),
    MathFmod = ("math", "fmod", 2, true),
    MathFloor = ("math", "floor", 1, true),
    MathCeil = ("math", "ceil", 1, true),
    Self0 = ("erlang", "self", 0, false),
    Put2 = ("erlang", "put", 2, true),
    Get1 = ("erlang", "get", 1, false),
    Get0 = ("erlang", "get", 0, true),
    Erase1 = ("erlang", "erase", 1, false),
    Erase0 = ("erlang", "erase", 0, true),
    GetKeys0 = ("erlang", "get_keys", 0, true),
    GetKeys1 = ("erlang", "get_keys", 1, true),
    Spawn1 = ("erlang", "spawn", 1, true),
    Spawn3 = ("erlang", "spawn", 3, true),
    SpawnLink1 = ("erlang", "spawn_link", 1, true),
    SpawnLink3 = ("erlang", "spawn_link", 3, true),
    SpawnMonitor1 = ("erlang", "spawn_monitor", 1, true),
    SpawnMonitor3 = ("erlang", "spawn_monitor", 3, true),
    SpawnOpt2 = ("erlang", "spawn_opt", 2, true),
    SpawnOpt4 = ("erlang", "spawn_opt", 4, true),
    Link1 = ("erlang", "link", 1, true),
    Unlink1 = ("erlang", "unlink", 1, true),
    Monitor2 = ("erlang", "monitor", 2, true),
    Demonitor1 = ("erlang", "demonitor", 1, true),
    Demonitor2 = ("erlang", "demonitor", 2, true),
    ProcessFlag2 = ("erlang", "process_flag", 2, true),
    IsProcessAlive1 = ("erlang", "is_process_alive", 1, false),
    Register2 = ("erlang", "register", 2, true),
    Unregister1 = ("erlang", "unregister", 1, true),
    Whereis1 = ("erlang", "whereis", 1, true),
    Registered0 = ("erlang", "registered", 0, true),
    Processes0 = ("erlang", "processes", 0, true),
    Exit2 = ("erlang", "exit", 2, true),
    MakeRef0 = ("erlang", "make_ref", 0, true),
    Send2 = ("erlang", "send", 2, true),
    SendAfter3 = ("erlang", "send_after", 3, true),
    StartTimer3 = ("erlang", "start_timer", 3, true),
    CancelTimer1 = ("erlang", "cancel_timer", 1, true),
    ReadTimer1 = ("erlang", "read_timer", 1, true),
    MonotonicTime0 = ("erlang", "monotonic_time", 0, true),
    MonotonicTime1 = ("erlang", "monotonic_time", 1, true),
    SystemTime0 = ("erlang", "system_time", 0, true),
    SystemTime1 = ("erlang", "system_time", 1, true),
    Node0 = ("erlang", "node", 0, false),
    Node1 = ("erlang", "node", 1, false),
    ListsReverse2 = ("lists", "reverse", 2, true),
    ListsMember2 = ("lists", "member", 2, false),
    ListsKeyfind3 = ("lists", "keyfind", 3, false),
    ListsKeymember3 = ("lists", "keymember", 3, false),
    ListsKeysearch3 = ("lists", "keysearch", 3, true),
    NifError1 = ("erlang", "nif_error", 1, true),
    NifError2 = ("erlang", "nif_error", 2, true),
    MapNext3 = ("erts_internal", "map_next", 3, true),
    ModuleLoaded1 = ("erlang", "module_loaded", 1, false),
    FunctionExported3 = ("erlang", "function_exported", 3, false),
    CodeEnsureLoaded1 = ("code", "ensure_loaded", 1, true),
    CodeEnsureModulesLoaded1 = ("code", "ensure_modules_loaded", 1, true),
    CodeIsLoaded1 = ("code", "is_loaded", 1, true),
    GetModuleInfo1 = ("erlang", "get_module_info", 1, true),
    GetModuleInfo2 = ("erlang", "get_module_info", 2, true),
    PutChars2 = ("beamwasm", "put_chars", 2, false),
    GroupLeader0 = ("erlang", "group_leader", 0, false),
    GroupLeader2 = ("erlang", "group_leader", 2, false),
    DflagUnicodeIo1 = ("net_kernel", "dflag_unicode_io", 1, false),
    InitGetArguments0 = ("init", "get_arguments", 0, false),
    InitGetArgument1 = ("init", "get_argument", 1, false),
    InitGetPlainArguments0 = ("init", "get_plain_arguments", 0, false),
    MapSize = ("erlang", "map_size", 1, true),
    MapGet = ("erlang", "map_get", 2, false),
    IsMapKey = ("erlang", "is_map_key", 2, false),
    MapsGet = ("maps", "get", 2, false),
    MapsFind = ("maps", "find", 2, true),
    MapsFromList = ("maps", "from_list", 1, true),
    MapsFromKeys = ("maps", "from_keys", 2, true),
    MapsIsKey = ("maps", "is_key", 2, false),
    MapsKeys = ("maps", "keys", 1, true),
    MapsMerge = ("maps", "merge", 2, true),
    MapsPut = ("maps", "put", 3, true),
    MapsRemove = ("maps", "remove", 2, true),
    MapsTake = ("maps", "take", 2, true),
    MapsToList = ("maps", "to_list", 1, true),
    MapsUpdate = ("maps", "update", 3, true),
    MapsValues = ("maps", "values", 1, true),
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
    Phash = ("erlang", "phash", 2, true),
    Phash2_1 = ("erlang", "phash2", 1, false),
    Phash2_2 = ("erlang", "phash2", 2, true),
    UnicodeCharactersToBinary2 = ("unicode", "characters_to_binary", 2, true),
    UnicodeCharactersToList2 = ("unicode", "characters_to_list", 2, true),
    UnicodeBinIs7bit1 = ("unicode", "bin_is_7bit", 1, false),
    Error3 = ("erlang", "error", 3, true),
    PersistentTermGet1 = ("persistent_term", "get", 1, true),
    PersistentTermGet2 = ("persistent_term", "get", 2, true),
    PersistentTermPut2 = ("persistent_term", "put", 2, true),
    PersistentTermErase1 = ("persistent_term", "erase", 1, true),
    UniqueInteger0 = ("erlang", "unique_integer", 0, true),
    UniqueInteger1 = ("erlang", "unique_integer", 1, true),
    SystemInfo1 = ("erlang", "system_info", 1, true),
    OsGetenv1 = ("os", "getenv", 1, true),
    Display1 = ("erlang", "display", 1, false),
    EtsNew2 = ("ets", "new", 2, true),
    EtsInsert2 = ("ets", "insert", 2, true),
    EtsInsertNew2 = ("ets", "insert_new", 2, true),
    EtsLookup2 = ("ets", "lookup", 2, true),
    EtsLookupElement3 = ("ets", "lookup_element", 3, true),
    EtsMember2 = ("ets", "member", 2, true),
    EtsDelete1 = ("ets", "delete", 1, true),
    EtsDelete2 = ("ets", "delete", 2, true),
    EtsDeleteObject2 = ("ets", "delete_object", 2, true),
    EtsTab2list1 = ("ets", "tab2list", 1, true),
    EtsFirst1 = ("ets", "first", 1, true),
    EtsNext2 = ("ets", "next", 2, true),
    EtsLast1 = ("ets", "last", 1, true),
    EtsPrev2 = ("ets", "prev", 2, true),
    EtsUpdateCounter3 = ("ets", "update_counter", 3, true),
    EtsUpdateElement3 = ("ets", "update_element", 3, true),
    EtsInfo2 = ("ets", "info", 2, true),
    EtsMatch2 = ("ets", "match", 2, true),
    EtsMatchObject2 = ("ets", "match_object", 2, true),
    EtsSelect2 = ("ets", "select", 2, true),
    EtsSelectCount2 = ("ets", "select_count", 2, true),
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
