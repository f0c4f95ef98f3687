//! The generic BEAM instruction set: opcode numbers, names and operand counts.
//!
//! Names are exactly those of `beam_opcodes:opname/1` (OTP 25, opcodes 1..180) plus the
//! opcodes added up to OTP 28 (181..184), so that our output can be compared with OTP tools.

macro_rules! define_opcodes {
    ($($number:literal => $variant:ident, $name:literal, $arity:literal;)*) => {
        /// A generic BEAM opcode. The discriminant is the opcode byte in the Code chunk.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[repr(u8)]
        pub enum Opcode {
            $(
                #[doc = concat!("`", $name, "/", stringify!($arity), "`")]
                $variant = $number,
            )*
        }

        impl Opcode {
            /// Every known opcode, in numeric order.
            pub const ALL: &'static [Opcode] = &[$(Opcode::$variant,)*];

            /// The opcode for a Code-chunk byte, or `None` if the byte is not a known opcode.
            pub fn from_byte(byte: u8) -> Option<Opcode> {
                match byte {
                    $($number => Some(Opcode::$variant),)*
                    _ => None,
                }
            }

            /// The name used by `beam_opcodes:opname/1` and `erlc -S`.
            pub fn name(self) -> &'static str {
                match self {
                    $(Opcode::$variant => $name,)*
                }
            }

            /// The number of operands in the generic encoding. An extended-list operand
            /// counts as one operand here; it carries its own element count.
            pub fn arity(self) -> usize {
                match self {
                    $(Opcode::$variant => $arity,)*
                }
            }
        }
    };
}

impl Opcode {
    /// The opcode byte.
    pub fn number(self) -> u8 {
        self as u8
    }

    /// Whether OTP 25's own loader refuses the opcode as coming from too old a compiler
    /// (the opcodes its `genop.tab` marks obsolete: pre-R13 arithmetic and binaries, and the
    /// OTP 21 matching and tuple instructions that OTP 22 replaced).
    pub fn is_obsolete(self) -> bool {
        matches!(self.number(), 27..=38 | 54 | 68 | 70 | 71 | 76 | 79..=88 | 93 | 110 | 116 | 122 | 123 | 126..=128 | 130)
    }

    /// The highest opcode number this reader knows (OTP 28's `debug_line`).
    pub const MAX_KNOWN: u8 = 184;
}

impl std::fmt::Display for Opcode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

define_opcodes! {
    1 => Label, "label", 1;
    2 => FuncInfo, "func_info", 3;
    3 => IntCodeEnd, "int_code_end", 0;
    4 => Call, "call", 2;
    5 => CallLast, "call_last", 3;
    6 => CallOnly, "call_only", 2;
    7 => CallExt, "call_ext", 2;
    8 => CallExtLast, "call_ext_last", 3;
    9 => Bif0, "bif0", 2;
    10 => Bif1, "bif1", 4;
    11 => Bif2, "bif2", 5;
    12 => Allocate, "allocate", 2;
    13 => AllocateHeap, "allocate_heap", 3;
    14 => AllocateZero, "allocate_zero", 2;
    15 => AllocateHeapZero, "allocate_heap_zero", 3;
    16 => TestHeap, "test_heap", 2;
    17 => Init, "init", 1;
    18 => Deallocate, "deallocate", 1;
    19 => Return, "return", 0;
    20 => Send, "send", 0;
    21 => RemoveMessage, "remove_message", 0;
    22 => Timeout, "timeout", 0;
    23 => LoopRec, "loop_rec", 2;
    24 => LoopRecEnd, "loop_rec_end", 1;
    25 => Wait, "wait", 1;
    26 => WaitTimeout, "wait_timeout", 2;
    27 => MPlus, "m_plus", 4;
    28 => MMinus, "m_minus", 4;
    29 => MTimes, "m_times", 4;
    30 => MDiv, "m_div", 4;
    31 => IntDiv, "int_div", 4;
    32 => IntRem, "int_rem", 4;
    33 => IntBand, "int_band", 4;
    34 => IntBor, "int_bor", 4;
    35 => IntBxor, "int_bxor", 4;
    36 => IntBsl, "int_bsl", 4;
    37 => IntBsr, "int_bsr", 4;
    38 => IntBnot, "int_bnot", 3;
    39 => IsLt, "is_lt", 3;
    40 => IsGe, "is_ge", 3;
    41 => IsEq, "is_eq", 3;
    42 => IsNe, "is_ne", 3;
    43 => IsEqExact, "is_eq_exact", 3;
    44 => IsNeExact, "is_ne_exact", 3;
    45 => IsInteger, "is_integer", 2;
    46 => IsFloat, "is_float", 2;
    47 => IsNumber, "is_number", 2;
    48 => IsAtom, "is_atom", 2;
    49 => IsPid, "is_pid", 2;
    50 => IsReference, "is_reference", 2;
    51 => IsPort, "is_port", 2;
    52 => IsNil, "is_nil", 2;
    53 => IsBinary, "is_binary", 2;
    54 => IsConstant, "is_constant", 2;
    55 => IsList, "is_list", 2;
    56 => IsNonemptyList, "is_nonempty_list", 2;
    57 => IsTuple, "is_tuple", 2;
    58 => TestArity, "test_arity", 3;
    59 => SelectVal, "select_val", 3;
    60 => SelectTupleArity, "select_tuple_arity", 3;
    61 => Jump, "jump", 1;
    62 => Catch, "catch", 2;
    63 => CatchEnd, "catch_end", 1;
    64 => Move, "move", 2;
    65 => GetList, "get_list", 3;
    66 => GetTupleElement, "get_tuple_element", 3;
    67 => SetTupleElement, "set_tuple_element", 3;
    68 => PutString, "put_string", 3;
    69 => PutList, "put_list", 3;
    70 => PutTuple, "put_tuple", 2;
    71 => Put, "put", 1;
    72 => Badmatch, "badmatch", 1;
    73 => IfEnd, "if_end", 0;
    74 => CaseEnd, "case_end", 1;
    75 => CallFun, "call_fun", 1;
    76 => MakeFun, "make_fun", 3;
    77 => IsFunction, "is_function", 2;
    78 => CallExtOnly, "call_ext_only", 2;
    79 => BsStartMatch, "bs_start_match", 2;
    80 => BsGetInteger, "bs_get_integer", 5;
    81 => BsGetFloat, "bs_get_float", 5;
    82 => BsGetBinary, "bs_get_binary", 5;
    83 => BsSkipBits, "bs_skip_bits", 4;
    84 => BsTestTail, "bs_test_tail", 2;
    85 => BsSave, "bs_save", 1;
    86 => BsRestore, "bs_restore", 1;
    87 => BsInit, "bs_init", 2;
    88 => BsFinal, "bs_final", 2;
    89 => BsPutInteger, "bs_put_integer", 5;
    90 => BsPutBinary, "bs_put_binary", 5;
    91 => BsPutFloat, "bs_put_float", 5;
    92 => BsPutString, "bs_put_string", 2;
    93 => BsNeedBuf, "bs_need_buf", 1;
    94 => Fclearerror, "fclearerror", 0;
    95 => Fcheckerror, "fcheckerror", 1;
    96 => Fmove, "fmove", 2;
    97 => Fconv, "fconv", 2;
    98 => Fadd, "fadd", 4;
    99 => Fsub, "fsub", 4;
    100 => Fmul, "fmul", 4;
    101 => Fdiv, "fdiv", 4;
    102 => Fnegate, "fnegate", 3;
    103 => MakeFun2, "make_fun2", 1;
    104 => Try, "try", 2;
    105 => TryEnd, "try_end", 1;
    106 => TryCase, "try_case", 1;
    107 => TryCaseEnd, "try_case_end", 1;
    108 => Raise, "raise", 2;
    109 => BsInit2, "bs_init2", 6;
    110 => BsBitsToBytes, "bs_bits_to_bytes", 3;
    111 => BsAdd, "bs_add", 5;
    112 => Apply, "apply", 1;
    113 => ApplyLast, "apply_last", 2;
    114 => IsBoolean, "is_boolean", 2;
    115 => IsFunction2, "is_function2", 3;
    116 => BsStartMatch2, "bs_start_match2", 5;
    117 => BsGetInteger2, "bs_get_integer2", 7;
    118 => BsGetFloat2, "bs_get_float2", 7;
    119 => BsGetBinary2, "bs_get_binary2", 7;
    120 => BsSkipBits2, "bs_skip_bits2", 5;
    121 => BsTestTail2, "bs_test_tail2", 3;
    122 => BsSave2, "bs_save2", 2;
    123 => BsRestore2, "bs_restore2", 2;
    124 => GcBif1, "gc_bif1", 5;
    125 => GcBif2, "gc_bif2", 6;
    126 => BsFinal2, "bs_final2", 2;
    127 => BsBitsToBytes2, "bs_bits_to_bytes2", 2;
    128 => PutLiteral, "put_literal", 2;
    129 => IsBitstr, "is_bitstr", 2;
    130 => BsContextToBinary, "bs_context_to_binary", 1;
    131 => BsTestUnit, "bs_test_unit", 3;
    132 => BsMatchString, "bs_match_string", 4;
    133 => BsInitWritable, "bs_init_writable", 0;
    134 => BsAppend, "bs_append", 8;
    135 => BsPrivateAppend, "bs_private_append", 6;
    136 => Trim, "trim", 2;
    137 => BsInitBits, "bs_init_bits", 6;
    138 => BsGetUtf8, "bs_get_utf8", 5;
    139 => BsSkipUtf8, "bs_skip_utf8", 4;
    140 => BsGetUtf16, "bs_get_utf16", 5;
    141 => BsSkipUtf16, "bs_skip_utf16", 4;
    142 => BsGetUtf32, "bs_get_utf32", 5;
    143 => BsSkipUtf32, "bs_skip_utf32", 4;
    144 => BsUtf8Size, "bs_utf8_size", 3;
    145 => BsPutUtf8, "bs_put_utf8", 3;
    146 => BsUtf16Size, "bs_utf16_size", 3;
    147 => BsPutUtf16, "bs_put_utf16", 3;
    148 => BsPutUtf32, "bs_put_utf32", 3;
    149 => OnLoad, "on_load", 0;
    150 => RecvMark, "recv_mark", 1;
    151 => RecvSet, "recv_set", 1;
    152 => GcBif3, "gc_bif3", 7;
    153 => Line, "line", 1;
    154 => PutMapAssoc, "put_map_assoc", 5;
    155 => PutMapExact, "put_map_exact", 5;
    156 => IsMap, "is_map", 2;
    157 => HasMapFields, "has_map_fields", 3;
    158 => GetMapElements, "get_map_elements", 3;
    159 => IsTaggedTuple, "is_tagged_tuple", 4;
    160 => BuildStacktrace, "build_stacktrace", 0;
    161 => RawRaise, "raw_raise", 0;
    162 => GetHd, "get_hd", 2;
    163 => GetTl, "get_tl", 2;
    164 => PutTuple2, "put_tuple2", 2;
    165 => BsGetTail, "bs_get_tail", 3;
    166 => BsStartMatch3, "bs_start_match3", 4;
    167 => BsGetPosition, "bs_get_position", 3;
    168 => BsSetPosition, "bs_set_position", 2;
    169 => Swap, "swap", 2;
    170 => BsStartMatch4, "bs_start_match4", 4;
    171 => MakeFun3, "make_fun3", 3;
    172 => InitYregs, "init_yregs", 1;
    173 => RecvMarkerBind, "recv_marker_bind", 2;
    174 => RecvMarkerClear, "recv_marker_clear", 1;
    175 => RecvMarkerReserve, "recv_marker_reserve", 1;
    176 => RecvMarkerUse, "recv_marker_use", 1;
    177 => BsCreateBin, "bs_create_bin", 6;
    178 => CallFun2, "call_fun2", 3;
    179 => NifStart, "nif_start", 0;
    180 => Badrecord, "badrecord", 1;
    181 => UpdateRecord, "update_record", 5;
    182 => BsMatch, "bs_match", 3;
    183 => ExecutableLine, "executable_line", 2;
    184 => DebugLine, "debug_line", 4;
}
