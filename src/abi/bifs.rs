//! The catalog of built-in functions the runtime implements in Rust: for each, its number in
//! the ABI, its Erlang name, whether it allocates, and the runtime room that owns it. The
//! compiler maps an import (`erlang:length/1`) to a `Bif` at compile time; an import that is
//! neither a known BIF nor resolvable code is reported by name, never silently mis-called. The
//! runtime dispatches a call by `Bif::owned` to its owner, whose match over its own enum is
//! exhaustive. Numbers are fixed (they are in generated code) and unique; they need not be
//! dense: work done in parallel takes numbers from its own range (300s, 400s, ...).

macro_rules! bifs {
    ($( $(#[$doc:meta])* $owner:ident($owner_bif:ident) {
        $( $variant:ident = $id:literal: ($module:literal, $function:literal, $arity:literal, $allocates:literal) ),* $(,)?
    } )*) => {
        /// A BIF the runtime implements; its number is what generated code passes.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        #[repr(u32)]
        pub enum Bif { $($( $variant = $id, )*)* }

        $(
            $(#[$doc])*
            ///
            /// The runtime room that owns these matches them exhaustively, so a BIF listed
            /// here without an implementation does not compile.
            #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
            pub enum $owner_bif { $( $variant, )* }

            impl From<$owner_bif> for Bif {
                fn from(bif: $owner_bif) -> Bif {
                    match bif { $( $owner_bif::$variant => Bif::$variant, )* }
                }
            }
        )*

        /// A BIF as its owner sees it: the room that implements it, and which of its BIFs.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum OwnedBif { $( $owner($owner_bif), )* }

        impl Bif {
            /// Every BIF, grouped by owner (ids are not in this order: see `from_id`).
            pub const ALL: &'static [Bif] = &[$($(Bif::$variant),*),*];

            /// `(module, function, arity)` as Erlang names it.
            pub fn mfa(self) -> (&'static str, &'static str, u32) {
                match self { $($( Bif::$variant => ($module, $function, $arity), )*)* }
            }

            /// Whether the result may need heap words (so the call needs a live-register count).
            pub fn allocates(self) -> bool {
                match self { $($( Bif::$variant => $allocates, )*)* }
            }

            /// The room that implements it.
            pub fn owned(self) -> OwnedBif {
                match self { $($( Bif::$variant => OwnedBif::$owner($owner_bif::$variant), )*)* }
            }

            pub fn from_id(id: u32) -> Option<Bif> {
                match id {
                    $($( $id => Some(Bif::$variant), )*)*
                    _ => None,
                }
            }
        }
    };
}

bifs! {
    /// BIFs of `runtime::bifs::erlang`: terms, arithmetic, comparisons, lists, conversions.
    Erlang(ErlangBif) {
        Add = 0: ("erlang", "+", 2, true),
        Subtract = 1: ("erlang", "-", 2, true),
        Multiply = 2: ("erlang", "*", 2, true),
        Divide = 3: ("erlang", "/", 2, true),
        IntDiv = 4: ("erlang", "div", 2, true),
        Rem = 5: ("erlang", "rem", 2, true),
        Band = 6: ("erlang", "band", 2, true),
        Bor = 7: ("erlang", "bor", 2, true),
        Bxor = 8: ("erlang", "bxor", 2, true),
        Bsl = 9: ("erlang", "bsl", 2, true),
        Bsr = 10: ("erlang", "bsr", 2, true),
        Bnot = 11: ("erlang", "bnot", 1, true),
        Negate = 12: ("erlang", "-", 1, true),
        Plus = 13: ("erlang", "+", 1, false),
        Abs = 14: ("erlang", "abs", 1, true),
        Equal = 15: ("erlang", "==", 2, false),
        NotEqual = 16: ("erlang", "/=", 2, false),
        ExactEqual = 17: ("erlang", "=:=", 2, false),
        ExactNotEqual = 18: ("erlang", "=/=", 2, false),
        Less = 19: ("erlang", "<", 2, false),
        Greater = 20: ("erlang", ">", 2, false),
        LessEqual = 21: ("erlang", "=<", 2, false),
        GreaterEqual = 22: ("erlang", ">=", 2, false),
        And = 23: ("erlang", "and", 2, false),
        Or = 24: ("erlang", "or", 2, false),
        Xor = 25: ("erlang", "xor", 2, false),
        Not = 26: ("erlang", "not", 1, false),
        IsAtom = 27: ("erlang", "is_atom", 1, false),
        IsBinary = 28: ("erlang", "is_binary", 1, false),
        IsBitstring = 29: ("erlang", "is_bitstring", 1, false),
        IsBoolean = 30: ("erlang", "is_boolean", 1, false),
        IsFloat = 31: ("erlang", "is_float", 1, false),
        IsFunction = 32: ("erlang", "is_function", 1, false),
        IsFunction2 = 33: ("erlang", "is_function", 2, false),
        IsInteger = 34: ("erlang", "is_integer", 1, false),
        IsList = 35: ("erlang", "is_list", 1, false),
        IsMap = 36: ("erlang", "is_map", 1, false),
        IsNumber = 37: ("erlang", "is_number", 1, false),
        IsPid = 38: ("erlang", "is_pid", 1, false),
        IsPort = 39: ("erlang", "is_port", 1, false),
        IsReference = 40: ("erlang", "is_reference", 1, false),
        IsTuple = 41: ("erlang", "is_tuple", 1, false),
        Element = 42: ("erlang", "element", 2, false),
        SetElement = 43: ("erlang", "setelement", 3, true),
        TupleSize = 44: ("erlang", "tuple_size", 1, false),
        Size = 45: ("erlang", "size", 1, false),
        Length = 46: ("erlang", "length", 1, false),
        Hd = 47: ("erlang", "hd", 1, false),
        Tl = 48: ("erlang", "tl", 1, false),
        Append = 49: ("erlang", "++", 2, true),
        Subtract2 = 50: ("erlang", "--", 2, true),
        AtomToList = 51: ("erlang", "atom_to_list", 1, true),
        ListToAtom = 52: ("erlang", "list_to_atom", 1, false),
        ListToExistingAtom = 53: ("erlang", "list_to_existing_atom", 1, false),
        IntegerToList = 54: ("erlang", "integer_to_list", 1, true),
        IntegerToListBase = 55: ("erlang", "integer_to_list", 2, true),
        ListToInteger = 56: ("erlang", "list_to_integer", 1, true),
        ListToIntegerBase = 57: ("erlang", "list_to_integer", 2, true),
        TupleToList = 58: ("erlang", "tuple_to_list", 1, true),
        ListToTuple = 59: ("erlang", "list_to_tuple", 1, true),
        MakeTuple = 60: ("erlang", "make_tuple", 2, true),
        MakeTupleInit = 61: ("erlang", "make_tuple", 3, true),
        AppendElement = 62: ("erlang", "append_element", 2, true),
        Min = 63: ("erlang", "min", 2, false),
        Max = 64: ("erlang", "max", 2, false),
        Error1 = 65: ("erlang", "error", 1, true),
        Error2 = 66: ("erlang", "error", 2, true),
        Exit1 = 67: ("erlang", "exit", 1, true),
        Throw1 = 68: ("erlang", "throw", 1, true),
        MakeFun3 = 70: ("erlang", "make_fun", 3, true),
        ListsReverse2 = 144: ("lists", "reverse", 2, true),
        ListsMember2 = 145: ("lists", "member", 2, false),
        ListsKeyfind3 = 146: ("lists", "keyfind", 3, false),
        ListsKeymember3 = 147: ("lists", "keymember", 3, false),
        ListsKeysearch3 = 148: ("lists", "keysearch", 3, true),
        NifError1 = 149: ("erlang", "nif_error", 1, true),
        NifError2 = 150: ("erlang", "nif_error", 2, true),
        DflagUnicodeIo1 = 162: ("net_kernel", "dflag_unicode_io", 1, false),
        Error3 = 214: ("erlang", "error", 3, true),
        OsGetenv1 = 222: ("os", "getenv", 1, true),
        InsertElement3 = 480: ("erlang", "insert_element", 3, true),
        DeleteElement2 = 481: ("erlang", "delete_element", 2, true),
        PidToList1 = 482: ("erlang", "pid_to_list", 1, true),
        RefToList1 = 483: ("erlang", "ref_to_list", 1, true),
        FunToList1 = 484: ("erlang", "fun_to_list", 1, true),
        PortToList1 = 485: ("erlang", "port_to_list", 1, true),
        // Reading back what `pid_to_list/1`, `port_to_list/1` and `ref_to_list/1` print.
        ListToPid1 = 1005: ("erlang", "list_to_pid", 1, true),
        ListToPort1 = 1006: ("erlang", "list_to_port", 1, true),
        ListToRef1 = 1007: ("erlang", "list_to_ref", 1, true),
        CmpTerm2 = 486: ("erts_internal", "cmp_term", 2, false),
        FlatSize1 = 487: ("erts_debug", "flat_size", 1, true),
        // `++` and `--` under their names (`apply(erlang, append, ...)`), records outside
        // guards, and what `string:to_integer/1` parses with.
        ErlangAppend2 = 900: ("erlang", "append", 2, true),
        ErlangSubtract2 = 901: ("erlang", "subtract", 2, true),
        IsRecord2 = 902: ("erlang", "is_record", 2, false),
        IsRecord3 = 903: ("erlang", "is_record", 3, false),
        StringListToInteger1 = 904: ("string", "list_to_integer", 1, true),
    }
    /// BIFs of floats and `math`.
    Float(FloatBif) {
        Float = 72: ("erlang", "float", 1, true),
        Trunc = 73: ("erlang", "trunc", 1, true),
        Round = 74: ("erlang", "round", 1, true),
        Floor = 75: ("erlang", "floor", 1, true),
        Ceil = 76: ("erlang", "ceil", 1, true),
        FloatToList = 77: ("erlang", "float_to_list", 1, true),
        FloatToList2 = 78: ("erlang", "float_to_list", 2, true),
        ListToFloat = 79: ("erlang", "list_to_float", 1, true),
        MathPi = 80: ("math", "pi", 0, true),
        MathSqrt = 81: ("math", "sqrt", 1, true),
        MathSin = 82: ("math", "sin", 1, true),
        MathCos = 83: ("math", "cos", 1, true),
        MathTan = 84: ("math", "tan", 1, true),
        MathAsin = 85: ("math", "asin", 1, true),
        MathAcos = 86: ("math", "acos", 1, true),
        MathAtan = 87: ("math", "atan", 1, true),
        MathAtan2 = 88: ("math", "atan2", 2, true),
        MathSinh = 89: ("math", "sinh", 1, true),
        MathCosh = 90: ("math", "cosh", 1, true),
        MathTanh = 91: ("math", "tanh", 1, true),
        MathAsinh = 92: ("math", "asinh", 1, true),
        MathAcosh = 93: ("math", "acosh", 1, true),
        MathAtanh = 94: ("math", "atanh", 1, true),
        MathExp = 95: ("math", "exp", 1, true),
        MathLog = 96: ("math", "log", 1, true),
        MathLog2 = 97: ("math", "log2", 1, true),
        MathLog10 = 98: ("math", "log10", 1, true),
        MathPow = 99: ("math", "pow", 2, true),
        MathFmod = 100: ("math", "fmod", 2, true),
        MathFloor = 101: ("math", "floor", 1, true),
        MathCeil = 102: ("math", "ceil", 1, true),
        FloatToBinary1 = 460: ("erlang", "float_to_binary", 1, true),
        FloatToBinary2 = 461: ("erlang", "float_to_binary", 2, true),
        BinaryToFloat1 = 462: ("erlang", "binary_to_float", 1, true),
        // What `string:to_float/1` parses with.
        StringListToFloat1 = 905: ("string", "list_to_float", 1, true),
        MathErf = 906: ("math", "erf", 1, true),
        MathErfc = 907: ("math", "erfc", 1, true),
    }
    /// BIFs of binaries, bitstrings, the external term format, crc32.
    Binary(BinaryBif) {
        ByteSize = 182: ("erlang", "byte_size", 1, true),
        BitSize = 183: ("erlang", "bit_size", 1, true),
        BinaryPart2 = 184: ("erlang", "binary_part", 2, true),
        BinaryPart3 = 185: ("erlang", "binary_part", 3, true),
        SplitBinary = 186: ("erlang", "split_binary", 2, true),
        ListToBinary = 187: ("erlang", "list_to_binary", 1, true),
        IolistToBinary = 188: ("erlang", "iolist_to_binary", 1, true),
        IolistSize = 189: ("erlang", "iolist_size", 1, true),
        ListToBitstring = 190: ("erlang", "list_to_bitstring", 1, true),
        BinaryToList1 = 191: ("erlang", "binary_to_list", 1, true),
        BinaryToList3 = 192: ("erlang", "binary_to_list", 3, true),
        BitstringToList = 193: ("erlang", "bitstring_to_list", 1, true),
        AtomToBinary1 = 194: ("erlang", "atom_to_binary", 1, true),
        AtomToBinary2 = 195: ("erlang", "atom_to_binary", 2, true),
        BinaryToAtom1 = 196: ("erlang", "binary_to_atom", 1, false),
        BinaryToAtom2 = 197: ("erlang", "binary_to_atom", 2, false),
        BinaryToExistingAtom1 = 198: ("erlang", "binary_to_existing_atom", 1, false),
        BinaryToExistingAtom2 = 199: ("erlang", "binary_to_existing_atom", 2, false),
        IntegerToBinary1 = 200: ("erlang", "integer_to_binary", 1, true),
        IntegerToBinary2 = 201: ("erlang", "integer_to_binary", 2, true),
        BinaryToInteger1 = 202: ("erlang", "binary_to_integer", 1, true),
        BinaryToInteger2 = 203: ("erlang", "binary_to_integer", 2, true),
        TermToBinary1 = 204: ("erlang", "term_to_binary", 1, true),
        BinaryToTerm1 = 205: ("erlang", "binary_to_term", 1, true),
        Crc32 = 206: ("erlang", "crc32", 1, true),
        Crc32Combine = 207: ("erlang", "crc32", 2, true),
        IolistToIovec1 = 800: ("erlang", "iolist_to_iovec", 1, true),
        TermToBinary2 = 823: ("erlang", "term_to_binary", 2, true),
        BinaryToTerm2 = 824: ("erlang", "binary_to_term", 2, true),
        // Packet framing (`runtime::data::packet`) and the external term format's size and
        // pieces.
        DecodePacket3 = 1000: ("erlang", "decode_packet", 3, true),
        ExternalSize1 = 1001: ("erlang", "external_size", 1, true),
        ExternalSize2 = 1002: ("erlang", "external_size", 2, true),
        TermToIovec1 = 1003: ("erlang", "term_to_iovec", 1, true),
        TermToIovec2 = 1004: ("erlang", "term_to_iovec", 2, true),
    }
    /// NIFs of OTP's `binary` module (`runtime::data::binary_module`).
    BinaryModule(BinaryModuleBif) {
        Match2 = 400: ("binary", "match", 2, true),
        Match3 = 401: ("binary", "match", 3, true),
        Matches2 = 402: ("binary", "matches", 2, true),
        Matches3 = 403: ("binary", "matches", 3, true),
        Split2 = 404: ("binary", "split", 2, true),
        Split3 = 405: ("binary", "split", 3, true),
        CompilePattern1 = 406: ("binary", "compile_pattern", 1, true),
        Part2 = 407: ("binary", "part", 2, true),
        Part3 = 408: ("binary", "part", 3, true),
        Copy1 = 409: ("binary", "copy", 1, true),
        Copy2 = 410: ("binary", "copy", 2, true),
        At2 = 411: ("binary", "at", 2, false),
        First1 = 412: ("binary", "first", 1, false),
        Last1 = 413: ("binary", "last", 1, false),
        LongestCommonPrefix1 = 414: ("binary", "longest_common_prefix", 1, false),
        LongestCommonSuffix1 = 415: ("binary", "longest_common_suffix", 1, false),
        DecodeUnsigned1 = 416: ("binary", "decode_unsigned", 1, true),
        DecodeUnsigned2 = 417: ("binary", "decode_unsigned", 2, true),
        EncodeUnsigned1 = 418: ("binary", "encode_unsigned", 1, true),
        EncodeUnsigned2 = 419: ("binary", "encode_unsigned", 2, true),
        ListToBin1 = 420: ("binary", "list_to_bin", 1, true),
        ReferencedByteSize1 = 421: ("binary", "referenced_byte_size", 1, true),
    }
    /// BIFs of `os` and of `erlang`'s clocks and calendar (`runtime::bifs::os`).
    Os(OsBif) {
        OsGetpid0 = 430: ("os", "getpid", 0, true),
        OsTimestamp0 = 431: ("os", "timestamp", 0, true),
        OsSystemTime0 = 432: ("os", "system_time", 0, true),
        OsSystemTime1 = 433: ("os", "system_time", 1, true),
        OsPerfCounter0 = 434: ("os", "perf_counter", 0, true),
        OsEnv0 = 435: ("os", "env", 0, true),
        OsPutenv2 = 436: ("os", "putenv", 2, false),
        OsUnsetenv1 = 437: ("os", "unsetenv", 1, false),
        OsType0 = 438: ("os", "type", 0, true),
        OsVersion0 = 439: ("os", "version", 0, true),
        TimeOffset0 = 443: ("erlang", "time_offset", 0, true),
        TimeOffset1 = 444: ("erlang", "time_offset", 1, true),
        Timestamp0 = 445: ("erlang", "timestamp", 0, true),
        TimeUnit0 = 446: ("erts_internal", "time_unit", 0, false),
        PerfCounterUnit0 = 447: ("erts_internal", "perf_counter_unit", 0, false),
        Localtime0 = 448: ("erlang", "localtime", 0, true),
        Universaltime0 = 449: ("erlang", "universaltime", 0, true),
        LocaltimeToUniversaltime2 = 450: ("erlang", "localtime_to_universaltime", 2, true),
        UniversaltimeToLocaltime1 = 451: ("erlang", "universaltime_to_localtime", 1, true),
        UniversaltimeToPosixtime1 = 452: ("erlang", "universaltime_to_posixtime", 1, true),
        PosixtimeToUniversaltime1 = 453: ("erlang", "posixtime_to_universaltime", 1, true),
        Date0 = 454: ("erlang", "date", 0, true),
        Time0 = 455: ("erlang", "time", 0, true),
        Now0 = 456: ("erlang", "now", 0, true),
        ConvertTimeUnit3 = 457: ("erlang", "convert_time_unit", 3, true),
        LocaltimeToUniversaltime1 = 458: ("erlang", "localtime_to_universaltime", 1, true),
    }
    /// Checksums: CRC-32 combination, Adler-32, MD5 (`runtime::data::checksum`).
    Checksum(ChecksumBif) {
        Crc32Combine3 = 470: ("erlang", "crc32_combine", 3, true),
        Adler32_1 = 471: ("erlang", "adler32", 1, true),
        Adler32_2 = 472: ("erlang", "adler32", 2, true),
        Adler32Combine3 = 473: ("erlang", "adler32_combine", 3, true),
        Md5_1 = 474: ("erlang", "md5", 1, true),
        Md5Init0 = 475: ("erlang", "md5_init", 0, true),
        Md5Update2 = 476: ("erlang", "md5_update", 2, true),
        Md5Final1 = 477: ("erlang", "md5_final", 1, true),
    }
    /// BIFs of maps.
    Map(MapBif) {
        MapNext3 = 151: ("erts_internal", "map_next", 3, true),
        MapSize = 166: ("erlang", "map_size", 1, true),
        MapGet = 167: ("erlang", "map_get", 2, false),
        IsMapKey = 168: ("erlang", "is_map_key", 2, false),
        MapsGet = 169: ("maps", "get", 2, false),
        MapsFind = 170: ("maps", "find", 2, true),
        MapsFromList = 171: ("maps", "from_list", 1, true),
        MapsFromKeys = 172: ("maps", "from_keys", 2, true),
        MapsIsKey = 173: ("maps", "is_key", 2, false),
        MapsKeys = 174: ("maps", "keys", 1, true),
        MapsMerge = 175: ("maps", "merge", 2, true),
        MapsPut = 176: ("maps", "put", 3, true),
        MapsRemove = 177: ("maps", "remove", 2, true),
        MapsTake = 178: ("maps", "take", 2, true),
        MapsToList = 179: ("maps", "to_list", 1, true),
        MapsUpdate = 180: ("maps", "update", 3, true),
        MapsValues = 181: ("maps", "values", 1, true),
    }
    /// BIFs of `phash`, `phash2`.
    Hash(HashBif) {
        Phash = 208: ("erlang", "phash", 2, true),
        Phash2_1 = 209: ("erlang", "phash2", 1, false),
        Phash2_2 = 210: ("erlang", "phash2", 2, true),
    }
    /// BIFs of `unicode`.
    Unicode(UnicodeBif) {
        UnicodeCharactersToBinary2 = 211: ("unicode", "characters_to_binary", 2, true),
        UnicodeCharactersToList2 = 212: ("unicode", "characters_to_list", 2, true),
        UnicodeBinIs7bit1 = 213: ("unicode", "bin_is_7bit", 1, false),
    }
    /// The NIFs of `crypto` programs reach for: hashes, HMAC, random bytes.
    Crypto(CryptoBif) {
        HashNif2 = 600: ("crypto", "hash_nif", 2, true),
        HashInitNif1 = 601: ("crypto", "hash_init_nif", 1, true),
        HashUpdateNif2 = 602: ("crypto", "hash_update_nif", 2, true),
        HashFinalNif1 = 603: ("crypto", "hash_final_nif", 1, true),
        HashInfoNif1 = 604: ("crypto", "hash_info_nif", 1, true),
        MacNif4 = 605: ("crypto", "mac_nif", 4, true),
        StrongRandBytesNif1 = 606: ("crypto", "strong_rand_bytes_nif", 1, true),
        DoExor2 = 607: ("crypto", "do_exor", 2, true),
    }
    /// The NIFs of OTP's `zlib.erl` (`runtime::bifs::zlib`): streams kept in the host.
    Zlib(ZlibBif) {
        OpenNif0 = 801: ("zlib", "open_nif", 0, true),
        CloseNif1 = 802: ("zlib", "close_nif", 1, true),
        SetControllerNif2 = 803: ("zlib", "set_controller_nif", 2, true),
        DeflateInitNif6 = 804: ("zlib", "deflateInit_nif", 6, true),
        DeflateSetDictionaryNif2 = 805: ("zlib", "deflateSetDictionary_nif", 2, true),
        DeflateResetNif1 = 806: ("zlib", "deflateReset_nif", 1, true),
        DeflateEndNif1 = 807: ("zlib", "deflateEnd_nif", 1, true),
        DeflateParamsNif3 = 808: ("zlib", "deflateParams_nif", 3, true),
        DeflateNif4 = 809: ("zlib", "deflate_nif", 4, true),
        InflateInitNif3 = 810: ("zlib", "inflateInit_nif", 3, true),
        InflateSetDictionaryNif2 = 811: ("zlib", "inflateSetDictionary_nif", 2, true),
        InflateGetDictionaryNif1 = 812: ("zlib", "inflateGetDictionary_nif", 1, true),
        InflateResetNif1 = 813: ("zlib", "inflateReset_nif", 1, true),
        InflateEndNif1 = 814: ("zlib", "inflateEnd_nif", 1, true),
        InflateNif4 = 815: ("zlib", "inflate_nif", 4, true),
        Crc32Nif1 = 816: ("zlib", "crc32_nif", 1, true),
        GetStashNif1 = 817: ("zlib", "getStash_nif", 1, true),
        ClearStashNif1 = 818: ("zlib", "clearStash_nif", 1, true),
        SetStashNif2 = 819: ("zlib", "setStash_nif", 2, true),
        GetBufSizeNif1 = 820: ("zlib", "getBufSize_nif", 1, true),
        SetBufSizeNif2 = 821: ("zlib", "setBufSize_nif", 2, true),
        EnqueueNif2 = 822: ("zlib", "enqueue_nif", 2, true),
    }
    /// BIFs of `re` (regular expressions on PCRE2).
    Re(ReBif) {
        ReVersion0 = 550: ("re", "version", 0, true),
        ReCompile1 = 551: ("re", "compile", 1, true),
        ReCompile2 = 552: ("re", "compile", 2, true),
        ReRun2 = 553: ("re", "run", 2, true),
        ReRun3 = 554: ("re", "run", 3, true),
        ReInternalRun4 = 555: ("re", "internal_run", 4, true),
        ReInspect2 = 556: ("re", "inspect", 2, true),
    }
    /// `prim_file`'s and `prim_buffer`'s NIFs on real files, under the sandbox's grants, and
    /// what `file` and `os:cmd` need besides (`runtime::files`).
    File(FileBif) {
        FileOpenNif2 = 700: ("prim_file", "open_nif", 2, true),
        FileCloseNif1 = 701: ("prim_file", "close_nif", 1, true),
        FileReadNif2 = 702: ("prim_file", "read_nif", 2, true),
        FileWriteNif2 = 703: ("prim_file", "write_nif", 2, true),
        FilePreadNif3 = 704: ("prim_file", "pread_nif", 3, true),
        FilePwriteNif3 = 705: ("prim_file", "pwrite_nif", 3, true),
        FileSeekNif3 = 706: ("prim_file", "seek_nif", 3, true),
        FileSyncNif2 = 707: ("prim_file", "sync_nif", 2, true),
        FileTruncateNif1 = 708: ("prim_file", "truncate_nif", 1, true),
        FileAllocateNif3 = 709: ("prim_file", "allocate_nif", 3, true),
        FileAdviseNif4 = 710: ("prim_file", "advise_nif", 4, true),
        FileReadHandleInfoNif1 = 711: ("prim_file", "read_handle_info_nif", 1, true),
        FileMakeHardLinkNif2 = 712: ("prim_file", "make_hard_link_nif", 2, true),
        FileMakeSoftLinkNif2 = 713: ("prim_file", "make_soft_link_nif", 2, true),
        FileRenameNif2 = 714: ("prim_file", "rename_nif", 2, true),
        FileReadInfoNif2 = 715: ("prim_file", "read_info_nif", 2, true),
        FileSetPermissionsNif2 = 716: ("prim_file", "set_permissions_nif", 2, true),
        FileSetOwnerNif3 = 717: ("prim_file", "set_owner_nif", 3, true),
        FileSetTimeNif4 = 718: ("prim_file", "set_time_nif", 4, true),
        FileReadLinkNif1 = 719: ("prim_file", "read_link_nif", 1, true),
        FileListDirNif1 = 720: ("prim_file", "list_dir_nif", 1, true),
        FileMakeDirNif1 = 721: ("prim_file", "make_dir_nif", 1, true),
        FileDelFileNif1 = 722: ("prim_file", "del_file_nif", 1, true),
        FileDelDirNif1 = 723: ("prim_file", "del_dir_nif", 1, true),
        FileSetCwdNif1 = 724: ("prim_file", "set_cwd_nif", 1, true),
        FileGetCwdNif0 = 725: ("prim_file", "get_cwd_nif", 0, true),
        FileIpreadNif3 = 726: ("prim_file", "ipread_s32bu_p32bu_nif", 3, true),
        FileReadFileNif1 = 727: ("prim_file", "read_file_nif", 1, true),
        FileGetHandleNif1 = 728: ("prim_file", "get_handle_nif", 1, true),
        FileDelayedCloseNif1 = 729: ("prim_file", "delayed_close_nif", 1, true),
        FileAltnameNif1 = 730: ("prim_file", "altname_nif", 1, true),
        // `file:get_cwd("c:")`: `{error, enotsup}` off Windows.
        FileGetDeviceCwdNif1 = 917: ("prim_file", "get_device_cwd_nif", 1, true),
        FileName2Native1 = 731: ("prim_file", "internal_name2native", 1, true),
        FileNative2Name1 = 732: ("prim_file", "internal_native2name", 1, true),
        FileIsTranslatable1 = 734: ("prim_file", "is_translatable", 1, false),
        BufferNew0 = 735: ("prim_buffer", "new", 0, true),
        BufferSize1 = 736: ("prim_buffer", "size", 1, true),
        BufferPeekHead1 = 737: ("prim_buffer", "peek_head", 1, true),
        BufferCopyingRead2 = 738: ("prim_buffer", "copying_read", 2, true),
        BufferWrite2 = 739: ("prim_buffer", "write", 2, true),
        BufferSkip2 = 740: ("prim_buffer", "skip", 2, true),
        BufferFindByteIndex2 = 741: ("prim_buffer", "find_byte_index", 2, true),
        BufferTryLock1 = 742: ("prim_buffer", "try_lock", 1, false),
        BufferUnlock1 = 743: ("prim_buffer", "unlock", 1, false),
        NativeNameEncoding0 = 744: ("file", "native_name_encoding", 0, false),
        DtSpreadTag1 = 745: ("erlang", "dt_spread_tag", 1, false),
        DtRestoreTag1 = 746: ("erlang", "dt_restore_tag", 1, false),
        // `os:cmd/1,2`'s worker: what OTP does through a port to `/bin/sh`, in one call.
        OsDoCmd2 = 748: ("os", "do_cmd", 2, true),
    }
    /// BIFs of raising with a given stack trace.
    Exception(ExceptionBif) {
        Raise3 = 69: ("erlang", "raise", 3, true),
    }
    /// BIFs of fun introspection.
    Fun(FunBif) {
        FunInfo2 = 71: ("erlang", "fun_info", 2, true),
        FunInfo1 = 650: ("erlang", "fun_info", 1, true),
        FunInfoMfa1 = 651: ("erlang", "fun_info_mfa", 1, true),
    }
    /// BIFs of processes: spawn, links, monitors, names, the dictionary, timers, time.
    Process(ProcessBif) {
        Self0 = 103: ("erlang", "self", 0, false),
        Put2 = 104: ("erlang", "put", 2, true),
        Get1 = 105: ("erlang", "get", 1, false),
        Get0 = 106: ("erlang", "get", 0, true),
        Erase1 = 107: ("erlang", "erase", 1, false),
        Erase0 = 108: ("erlang", "erase", 0, true),
        GetKeys0 = 109: ("erlang", "get_keys", 0, true),
        GetKeys1 = 110: ("erlang", "get_keys", 1, true),
        Spawn1 = 111: ("erlang", "spawn", 1, true),
        Spawn3 = 112: ("erlang", "spawn", 3, true),
        SpawnLink1 = 113: ("erlang", "spawn_link", 1, true),
        SpawnLink3 = 114: ("erlang", "spawn_link", 3, true),
        SpawnMonitor1 = 115: ("erlang", "spawn_monitor", 1, true),
        SpawnMonitor3 = 116: ("erlang", "spawn_monitor", 3, true),
        SpawnOpt2 = 117: ("erlang", "spawn_opt", 2, true),
        SpawnOpt4 = 118: ("erlang", "spawn_opt", 4, true),
        SpawnRequest1 = 1110: ("erlang", "spawn_request", 1, true),
        SpawnRequest2 = 1111: ("erlang", "spawn_request", 2, true),
        SpawnRequest3 = 1112: ("erlang", "spawn_request", 3, true),
        SpawnRequest4 = 1113: ("erlang", "spawn_request", 4, true),
        SpawnRequest5 = 1114: ("erlang", "spawn_request", 5, true),
        SpawnRequestAbandon1 = 1115: ("erlang", "spawn_request_abandon", 1, false),
        SuspendProcess1 = 1116: ("erlang", "suspend_process", 1, true),
        SuspendProcess2 = 1117: ("erlang", "suspend_process", 2, true),
        ResumeProcess1 = 1118: ("erlang", "resume_process", 1, true),
        Link1 = 119: ("erlang", "link", 1, true),
        Unlink1 = 120: ("erlang", "unlink", 1, true),
        Monitor2 = 121: ("erlang", "monitor", 2, true),
        Demonitor1 = 122: ("erlang", "demonitor", 1, true),
        Demonitor2 = 123: ("erlang", "demonitor", 2, true),
        ProcessFlag2 = 124: ("erlang", "process_flag", 2, true),
        IsProcessAlive1 = 125: ("erlang", "is_process_alive", 1, false),
        Register2 = 126: ("erlang", "register", 2, true),
        Unregister1 = 127: ("erlang", "unregister", 1, true),
        Whereis1 = 128: ("erlang", "whereis", 1, true),
        Registered0 = 129: ("erlang", "registered", 0, true),
        Processes0 = 130: ("erlang", "processes", 0, true),
        Exit2 = 131: ("erlang", "exit", 2, true),
        MakeRef0 = 132: ("erlang", "make_ref", 0, true),
        Send2 = 133: ("erlang", "send", 2, true),
        SendAfter3 = 134: ("erlang", "send_after", 3, true),
        StartTimer3 = 135: ("erlang", "start_timer", 3, true),
        CancelTimer1 = 136: ("erlang", "cancel_timer", 1, true),
        ReadTimer1 = 137: ("erlang", "read_timer", 1, true),
        SendAfter4 = 653: ("erlang", "send_after", 4, true),
        StartTimer4 = 654: ("erlang", "start_timer", 4, true),
        CancelTimer2 = 655: ("erlang", "cancel_timer", 2, true),
        ReadTimer2 = 656: ("erlang", "read_timer", 2, true),
        MonotonicTime0 = 138: ("erlang", "monotonic_time", 0, true),
        MonotonicTime1 = 139: ("erlang", "monotonic_time", 1, true),
        SystemTime0 = 140: ("erlang", "system_time", 0, true),
        SystemTime1 = 141: ("erlang", "system_time", 1, true),
        Node0 = 142: ("erlang", "node", 0, false),
        Node1 = 143: ("erlang", "node", 1, false),
        PersistentTermGet1 = 215: ("persistent_term", "get", 1, true),
        PersistentTermGet2 = 216: ("persistent_term", "get", 2, true),
        PersistentTermPut2 = 217: ("persistent_term", "put", 2, true),
        PersistentTermErase1 = 218: ("persistent_term", "erase", 1, true),
        // logger's level cache walks every term.
        PersistentTermGet0 = 859: ("persistent_term", "get", 0, true),
        PersistentTermInfo0 = 1010: ("persistent_term", "info", 0, true),
        Memory0 = 1008: ("erlang", "memory", 0, true),
        Memory1 = 1009: ("erlang", "memory", 1, true),
        UniqueInteger0 = 219: ("erlang", "unique_integer", 0, true),
        UniqueInteger1 = 220: ("erlang", "unique_integer", 1, true),
        SystemInfo1 = 221: ("erlang", "system_info", 1, true),
        ProcessInfo1 = 300: ("erlang", "process_info", 1, true),
        ProcessInfo2 = 301: ("erlang", "process_info", 2, true),
        GarbageCollect0 = 302: ("erlang", "garbage_collect", 0, true),
        GarbageCollect1 = 303: ("erlang", "garbage_collect", 1, true),
        GarbageCollect2 = 304: ("erlang", "garbage_collect", 2, true),
        Statistics1 = 305: ("erlang", "statistics", 1, true),
        Monitor3 = 306: ("erlang", "monitor", 3, true),
        Send3 = 307: ("erlang", "send", 3, true),
        Alias0 = 308: ("erlang", "alias", 0, true),
        Alias1 = 309: ("erlang", "alias", 1, true),
        Unalias1 = 310: ("erlang", "unalias", 1, false),
        // `send/2` under its operator's name (`fun erlang:'!'/2`).
        Bang2 = 908: ("erlang", "!", 2, true),
        Yield0 = 909: ("erlang", "yield", 0, false),
        BumpReductions1 = 910: ("erlang", "bump_reductions", 1, false),
        // One node, not alive: what `c`, `shell`, `gen_server` and `rpc` ask.
        IsAlive0 = 911: ("erlang", "is_alive", 0, false),
        Nodes0 = 912: ("erlang", "nodes", 0, false),
        Nodes1 = 913: ("erlang", "nodes", 1, true),
        // What `global` asks at its start (`{connection_id, true}`): only this node is known.
        Nodes2 = 972: ("erlang", "nodes", 2, true),
        SendNosuspend2 = 918: ("erlang", "send_nosuspend", 2, true),
        SendNosuspend3 = 919: ("erlang", "send_nosuspend", 3, true),
    }
    /// BIFs of ets tables.
    Ets(EtsBif) {
        EtsNew2 = 224: ("ets", "new", 2, true),
        EtsInsert2 = 225: ("ets", "insert", 2, true),
        EtsInsertNew2 = 226: ("ets", "insert_new", 2, true),
        EtsLookup2 = 227: ("ets", "lookup", 2, true),
        EtsLookupElement3 = 228: ("ets", "lookup_element", 3, true),
        EtsMember2 = 229: ("ets", "member", 2, true),
        EtsDelete1 = 230: ("ets", "delete", 1, true),
        EtsDelete2 = 231: ("ets", "delete", 2, true),
        EtsDeleteObject2 = 232: ("ets", "delete_object", 2, true),
        EtsTab2list1 = 233: ("ets", "tab2list", 1, true),
        EtsFirst1 = 234: ("ets", "first", 1, true),
        EtsNext2 = 235: ("ets", "next", 2, true),
        EtsLast1 = 236: ("ets", "last", 1, true),
        EtsPrev2 = 237: ("ets", "prev", 2, true),
        EtsUpdateCounter3 = 238: ("ets", "update_counter", 3, true),
        EtsUpdateElement3 = 239: ("ets", "update_element", 3, true),
        EtsInfo2 = 240: ("ets", "info", 2, true),
        EtsMatch2 = 241: ("ets", "match", 2, true),
        EtsMatchObject2 = 242: ("ets", "match_object", 2, true),
        EtsSelect2 = 243: ("ets", "select", 2, true),
        EtsSelectCount2 = 244: ("ets", "select_count", 2, true),
        EtsUpdateCounter4 = 825: ("ets", "update_counter", 4, true),
        EtsTake2 = 826: ("ets", "take", 2, true),
        EtsSafeFixtable2 = 827: ("ets", "safe_fixtable", 2, true),
        EtsRename2 = 828: ("ets", "rename", 2, true),
        EtsDeleteAllObjects1 = 829: ("ets", "delete_all_objects", 1, true),
        EtsSelectDelete2 = 830: ("ets", "select_delete", 2, true),
        EtsSelect3 = 831: ("ets", "select", 3, true),
        EtsSelect1 = 832: ("ets", "select", 1, true),
        EtsMatch3 = 833: ("ets", "match", 3, true),
        EtsMatch1 = 834: ("ets", "match", 1, true),
        EtsMatchObject3 = 835: ("ets", "match_object", 3, true),
        EtsMatchObject1 = 836: ("ets", "match_object", 1, true),
        EtsSelectReverse2 = 837: ("ets", "select_reverse", 2, true),
        EtsGiveAway3 = 838: ("ets", "give_away", 3, true),
        EtsSelectReplace2 = 973: ("ets", "select_replace", 2, true),
        // What the application controller forgets an application's master and environment by.
        EtsMatchDelete2 = 857: ("ets", "match_delete", 2, true),
        // How logger finds its configuration table.
        EtsWhereis1 = 858: ("ets", "whereis", 1, true),
        // Every table, which ets.erl gathers from each scheduler (`internal_request_all/0`).
        EtsAll0 = 920: ("ets", "all", 0, true),
        EtsInfo1 = 1100: ("ets", "info", 1, true),
        EtsSetopts2 = 1101: ("ets", "setopts", 2, true),
        EtsSlot2 = 1102: ("ets", "slot", 2, true),
        EtsSelectReverse1 = 1103: ("ets", "select_reverse", 1, true),
        EtsSelectReverse3 = 1104: ("ets", "select_reverse", 3, true),
        // Match specifications compiled once and run over lists (`qlc`, `dets`, `ets:test_ms/2`).
        EtsMatchSpecCompile1 = 1105: ("ets", "match_spec_compile", 1, true),
        EtsMatchSpecRunR3 = 1106: ("ets", "match_spec_run_r", 3, true),
        EtsIsCompiledMs1 = 1107: ("ets", "is_compiled_ms", 1, false),
        MatchSpecTest3 = 1108: ("erlang", "match_spec_test", 3, true),
    }
    /// `atomics` and `counters` (`runtime::data::atomics`): the NIFs under OTP's own modules.
    Atomics(AtomicsBif) {
        AtomicsNew2 = 980: ("erts_internal", "atomics_new", 2, true),
        AtomicsPut3 = 981: ("atomics", "put", 3, false),
        AtomicsGet2 = 982: ("atomics", "get", 2, true),
        AtomicsAdd3 = 983: ("atomics", "add", 3, false),
        AtomicsAddGet3 = 984: ("atomics", "add_get", 3, true),
        AtomicsExchange3 = 985: ("atomics", "exchange", 3, true),
        AtomicsCompareExchange4 = 986: ("atomics", "compare_exchange", 4, true),
        AtomicsInfo1 = 987: ("atomics", "info", 1, true),
        CountersNew1 = 988: ("erts_internal", "counters_new", 1, true),
        CountersGet2 = 989: ("erts_internal", "counters_get", 2, true),
        CountersAdd3 = 990: ("erts_internal", "counters_add", 3, false),
        CountersPut3 = 991: ("erts_internal", "counters_put", 3, false),
        CountersInfo1 = 992: ("erts_internal", "counters_info", 1, true),
    }
    /// BIFs of loaded modules and the code path.
    Code(CodeBif) {
        ModuleLoaded1 = 152: ("erlang", "module_loaded", 1, false),
        FunctionExported3 = 153: ("erlang", "function_exported", 3, false),
        CodeEnsureLoaded1 = 154: ("code", "ensure_loaded", 1, true),
        CodeEnsureModulesLoaded1 = 155: ("code", "ensure_modules_loaded", 1, true),
        CodeIsLoaded1 = 156: ("code", "is_loaded", 1, true),
        GetModuleInfo1 = 157: ("erlang", "get_module_info", 1, true),
        GetModuleInfo2 = 158: ("erlang", "get_module_info", 2, true),
        // The code path, which OTP keeps in its `code_server` process.
        CodeAddPath1 = 500: ("code", "add_path", 1, true),
        CodeAddPatha1 = 501: ("code", "add_patha", 1, true),
        CodeAddPathz1 = 502: ("code", "add_pathz", 1, true),
        CodeAddPaths1 = 503: ("code", "add_paths", 1, false),
        CodeAddPathsa1 = 504: ("code", "add_pathsa", 1, false),
        CodeAddPathsz1 = 505: ("code", "add_pathsz", 1, false),
        CodeDelPath1 = 506: ("code", "del_path", 1, true),
        CodeGetPath0 = 507: ("code", "get_path", 0, true),
        CodeSetPath1 = 508: ("code", "set_path", 1, true),
        CodeWhich1 = 509: ("code", "which", 1, true),
        CodeWhereIsFile1 = 510: ("code", "where_is_file", 1, true),
        CodeRootDir0 = 511: ("code", "root_dir", 0, true),
        CodeLibDir0 = 512: ("code", "lib_dir", 0, true),
        CodeLibDir1 = 513: ("code", "lib_dir", 1, true),
        CodeLibDir2 = 514: ("code", "lib_dir", 2, true),
        CodePrivDir1 = 515: ("code", "priv_dir", 1, true),
        // The applications `erl` and `elixir` load at start, which OTP keeps in its
        // application controller (Elixir's `Exception.format/3` names a frame's application).
        ApplicationGetApplication1 = 517: ("application", "get_application", 1, true),
        ApplicationGetKey2 = 518: ("application", "get_key", 2, true),
        // A module's current and old code: loading, deleting and purging
        // (`runtime::code::server`), which OTP does in `code_server` and `erts_code_purger`.
        CodeLoadBinary3 = 950: ("code", "load_binary", 3, true),
        CodeLoadFile1 = 951: ("code", "load_file", 1, true),
        CodeLoadAbs1 = 952: ("code", "load_abs", 1, true),
        CodeLoadAbs2 = 953: ("code", "load_abs", 2, true),
        CodeDelete1 = 954: ("code", "delete", 1, false),
        CodePurge1 = 955: ("code", "purge", 1, false),
        CodeSoftPurge1 = 956: ("code", "soft_purge", 1, false),
        CodeGetObjectCode1 = 957: ("code", "get_object_code", 1, true),
        CodeAllLoaded0 = 958: ("code", "all_loaded", 0, true),
        CodeIsSticky1 = 959: ("code", "is_sticky", 1, false),
        CodeGetMode0 = 960: ("code", "get_mode", 0, false),
        LoadModule2 = 961: ("erlang", "load_module", 2, true),
        DeleteModule1 = 962: ("erlang", "delete_module", 1, false),
        PurgeModule1 = 963: ("erlang", "purge_module", 1, false),
        CheckOldCode1 = 964: ("erlang", "check_old_code", 1, false),
        CheckProcessCode2 = 965: ("erlang", "check_process_code", 2, false),
        CheckProcessCode3 = 966: ("erlang", "check_process_code", 3, false),
        Loaded0 = 967: ("erlang", "loaded", 0, true),
        PreLoaded0 = 968: ("erlang", "pre_loaded", 0, true),
        // How `code:all_available/0` lists the code path's directories.
        PrimLoaderListDir1 = 969: ("erl_prim_loader", "list_dir", 1, true),
        PrimLoaderGetPath0 = 1011: ("erl_prim_loader", "get_path", 0, true),
        PrimLoaderGetCwd0 = 1012: ("erl_prim_loader", "get_cwd", 0, true),
        PrimLoaderGetCwd1 = 1013: ("erl_prim_loader", "get_cwd", 1, true),
        PrimLoaderReadFileInfo1 = 1014: ("erl_prim_loader", "read_file_info", 1, true),
        PrimLoaderReadLinkInfo1 = 1015: ("erl_prim_loader", "read_link_info", 1, true),
        BeamfileChunk2 = 1016: ("erts_internal", "beamfile_chunk", 2, true),
        BeamfileModuleMd5_1 = 1017: ("erts_internal", "beamfile_module_md5", 1, true),
        CodePurgerPurge1 = 970: ("erts_code_purger", "purge", 1, true),
        CodePurgerSoftPurge1 = 971: ("erts_code_purger", "soft_purge", 1, false),
        // `code:atomic_load/1`'s two phases: compile every module, then load them all or none.
        PrepareLoading2 = 1125: ("erlang", "prepare_loading", 2, true),
        FinishLoading1 = 1126: ("erlang", "finish_loading", 1, true),
        IsBuiltin3 = 1127: ("erlang", "is_builtin", 3, false),
    }
    /// BIFs of the emulator's command line and of ending the run (`runtime::bifs::init`):
    /// what OTP's init process and `erlang:halt` do.
    Init(InitBif) {
        InitGetArguments0 = 163: ("init", "get_arguments", 0, true),
        InitGetArgument1 = 164: ("init", "get_argument", 1, true),
        InitGetPlainArguments0 = 165: ("init", "get_plain_arguments", 0, true),
        Halt0 = 850: ("erlang", "halt", 0, false),
        Halt1 = 851: ("erlang", "halt", 1, false),
        Halt2 = 852: ("erlang", "halt", 2, false),
        InitStop0 = 853: ("init", "stop", 0, false),
        InitStop1 = 854: ("init", "stop", 1, false),
        // A program runs after the boot: init has started, and has no boot script to run
        // again (restarting ends the run as stopping does).
        InitScriptId0 = 1120: ("init", "script_id", 0, true),
        InitWaitUntilStarted0 = 1121: ("init", "wait_until_started", 0, false),
        InitRestart0 = 1122: ("init", "restart", 0, false),
        InitRestart1 = 1123: ("init", "restart", 1, false),
        InitReboot0 = 1124: ("init", "reboot", 0, false),
        // How the boot reads the kernel's and the application controller reads every
        // application's resource file and the `-config` file, before the file server exists.
        PrimLoaderGetFile1 = 855: ("erl_prim_loader", "get_file", 1, true),
        // `system_logger`, the process the emulator's own reports go to (logger's proxy).
        SystemFlag2 = 860: ("erlang", "system_flag", 2, false),
        // The emulator's `+pc` (latin1 unless given), which `io_lib:printable_list/1` reads.
        IoPrintableRange0 = 861: ("io", "printable_range", 0, false),
        // The emulator's `+W` (`warning` unless given), which `error_logger` maps warnings by.
        ErrorLoggerWarningMap0 = 914: ("error_logger", "warning_map", 0, false),
        InitObjfileExtension0 = 915: ("init", "objfile_extension", 0, true),
        InitArchiveExtension0 = 916: ("init", "archive_extension", 0, true),
        // A program runs as `erl -s` runs a start function: the boot is over, init is still
        // "starting" (what OTP answers while the function runs).
        InitGetStatus0 = 921: ("init", "get_status", 0, true),
        InitNotifyWhenStarted1 = 922: ("init", "notify_when_started", 1, false),
    }
    /// BIFs of standard output and group leaders.
    Io(IoBif) {
        PutChars3 = 652: ("beamwasm", "put_chars", 3, false),
        GroupLeader0 = 160: ("erlang", "group_leader", 0, false),
        GroupLeader2 = 161: ("erlang", "group_leader", 2, false),
        Display1 = 223: ("erlang", "display", 1, false),
        DisplayString1 = 488: ("erlang", "display_string", 1, false),
        // What `beamwasm run prog.ex` prints for an uncaught exception (`erl/beamwasm_elixir`).
        PutErrorBytes1 = 516: ("beamwasm", "put_error_bytes", 1, false),
    }
}

impl Bif {
    pub fn from_mfa(module: &str, function: &str, arity: u32) -> Option<Bif> {
        Bif::ALL
            .iter()
            .copied()
            .find(|b| b.mfa() == (module, function, arity))
    }

    /// Whether generated code passes its call site (the continuation base of its module with
    /// the site number in the label bits) as the argument after the last: the BIFs that tell
    /// where the running process is (`process_info(self(), current_function)`, and whether it
    /// runs old code: `check_process_code(self(), M)`, which purging asks of every process).
    pub fn wants_call_site(self) -> bool {
        matches!(
            self,
            Bif::ProcessInfo1
                | Bif::ProcessInfo2
                | Bif::CheckProcessCode2
                | Bif::CodePurge1
                | Bif::CodeSoftPurge1
                | Bif::CodePurgerPurge1
                | Bif::CodePurgerSoftPurge1
        )
    }

    /// The number the ABI passes for this BIF.
    pub fn id(self) -> u32 {
        self as u32
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

    #[test]
    fn ids_are_unique_and_owners_round_trip() {
        // Ids come in ranges (one per line of work, so parallel branches never collide), not
        // densely: each is one BIF's, and an id between the ranges is none.
        let mut ids: Vec<u32> = Bif::ALL.iter().map(|b| b.id()).collect();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), Bif::ALL.len(), "two BIFs share an id");
        let unused = (0..).find(|id| !ids.contains(id)).expect("an unused id");
        assert_eq!(Bif::from_id(unused), None);
        for &bif in Bif::ALL {
            let back: Bif = match bif.owned() {
                OwnedBif::Erlang(b) => b.into(),
                OwnedBif::Float(b) => b.into(),
                OwnedBif::Binary(b) => b.into(),
                OwnedBif::BinaryModule(b) => b.into(),
                OwnedBif::Os(b) => b.into(),
                OwnedBif::Checksum(b) => b.into(),
                OwnedBif::Map(b) => b.into(),
                OwnedBif::Hash(b) => b.into(),
                OwnedBif::Unicode(b) => b.into(),
                OwnedBif::Re(b) => b.into(),
                OwnedBif::Exception(b) => b.into(),
                OwnedBif::Fun(b) => b.into(),
                OwnedBif::Process(b) => b.into(),
                OwnedBif::Ets(b) => b.into(),
                OwnedBif::Code(b) => b.into(),
                OwnedBif::Io(b) => b.into(),
                OwnedBif::Init(b) => b.into(),
                OwnedBif::Crypto(b) => b.into(),
                OwnedBif::File(b) => b.into(),
                OwnedBif::Zlib(b) => b.into(),
                OwnedBif::Atomics(b) => b.into(),
            };
            assert_eq!(back, bif);
        }
        assert_eq!(Bif::Spawn1.owned(), OwnedBif::Process(ProcessBif::Spawn1));
    }
}
