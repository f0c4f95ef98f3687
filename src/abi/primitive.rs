//! The primitives: the host functions generated code calls through `native_interface`
//! (`docs/abi.md` §6), and the operation numbers, flags and special words they take.
//!
//! [`foreach_primitive!`] is the one list of them (an X-macro): this module expands it into
//! [`Primitive`], the compiler into one caller per primitive, and the host into host
//! functions of exactly the listed parameters, so a primitive whose host signature differs
//! does not compile.

/// Calls `$mac!` with every primitive: `Variant = id, name(param: type, ...) -> type;`, each
/// after its documentation. A `u32` is an `i32` in WASM (an address, a count, an operation
/// number), a `u64` an `i64` (a term or another word).
#[macro_export]
macro_rules! foreach_primitive {
    ($mac:ident) => {
        $mac! {
            /// `gc(ctx, need_words, live_x) -> 1`, or `0` when an exception is pending (out of
            /// memory).
            Gc = 0, gc(context: u32, need: u32, live: u32) -> u32;
            /// `bif(ctx, bif_id, live_x, a, b, c) -> term`, or `NON_VALUE` when it raised.
            Bif = 1, bif(context: u32, bif: u32, live: u32, a: u64, b: u64, c: u64) -> u64;
            /// `handle_error(ctx, jit_state, module_base, site) -> continuation` where execution
            /// resumes (a catch handler, or the end of the process); `site` numbers the raising
            /// code site of the module for the stack trace.
            HandleError = 2, handle_error(context: u32, jit_state: u32, module_base: u64, site: u32) -> u64;
            /// `raise(ctx, kind, value, line) -> NON_VALUE`: records an error built from
            /// `RaiseKind`.
            Raise = 3, raise(context: u32, kind: u32, value: u64, line: u32) -> u64;
            /// `compare(ctx, a, b) -> -1 | 0 | 1` in term order (`1 == 1.0`).
            Compare = 4, compare(context: u32, a: u64, b: u64) -> u32;
            /// `exact_eq(ctx, a, b) -> 1 | 0` (`=:=`).
            ExactEq = 5, exact_eq(context: u32, a: u64, b: u64) -> u32;
            /// `undef(ctx, module_cp_base, import_index) -> continuation`: resolves an import
            /// that was not loaded when its module was linked (loading its module from the code
            /// path), fills in the import word and returns it; `NON_VALUE` after recording
            /// `undef` when it cannot.
            Undef = 6, undef(context: u32, module_base: u64, import: u32) -> u64;
            /// `map_op(ctx, op, live_x, a, b, c) -> term`, or `NON_VALUE` when it raised: the
            /// map operations generated code does not inline ([`map_op`]).
            MapOp = 7, map_op(context: u32, op: u32, live: u32, a: u64, b: u64, c: u64) -> u64;
            /// `bits_op(ctx, op, live_x, a, b, c) -> term`, or `NON_VALUE` when it raised: the
            /// bit-syntax operations ([`bits_op`]).
            BitsOp = 8, bits_op(context: u32, op: u32, live: u32, a: u64, b: u64, c: u64) -> u64;
            /// `exception(ctx, op, a, b) -> term`: the exception instructions' host part
            /// ([`exception_op`]).
            Exception = 9, exception(context: u32, op: u32, a: u64, b: u64) -> u64;
            /// `call(ctx, op, arity) -> continuation`, or `0` when it raised: calls of funs
            /// the inline path does not take, and `apply` ([`call_op`]).
            Call = 10, call(context: u32, op: u32, arity: u32) -> u64;
            /// `float(ctx, op, a, b) -> 1`, or `0` when it raised: float-register work
            /// generated code leaves to the host ([`float_op`]).
            Float = 11, float(context: u32, op: u32, a: u64, b: u32) -> u32;
            /// `process(ctx, op, a, b) -> term`: receive and send ([`process_op`]);
            /// `NON_VALUE` (or, for `WAIT_TIMEOUT`, `0`) when it raised.
            Process = 12, process(context: u32, op: u32, a: u64, b: u64) -> u64;
        }
    };
}

/// The WASM type of a primitive's Rust parameter type in [`foreach_primitive!`].
#[macro_export]
macro_rules! primitive_val_type {
    (u32) => {
        wasm_encoder::ValType::I32
    };
    (u64) => {
        wasm_encoder::ValType::I64
    };
}

macro_rules! declare_primitives {
    ($( $(#[$doc:meta])* $variant:ident = $id:literal,
        $name:ident($($param:ident: $ty:ident),*) -> $result:ident; )*) => {
        /// A host function generated code calls through `native_interface`; its number
        /// is its slot there.
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        #[repr(u32)]
        pub enum Primitive {
            $( $(#[$doc])* $variant = $id, )*
        }

        impl Primitive {
            pub const ALL: &'static [Primitive] = &[$(Primitive::$variant),*];

            /// How many parameters it takes.
            pub fn params(self) -> u32 {
                self.param_types().len() as u32
            }

            /// The WASM types of its parameters.
            pub fn param_types(self) -> &'static [wasm_encoder::ValType] {
                match self {
                    $( Primitive::$variant => &[$($crate::primitive_val_type!($ty)),*], )*
                }
            }

            /// The WASM type of its one result.
            pub fn result_type(self) -> wasm_encoder::ValType {
                match self {
                    $( Primitive::$variant => $crate::primitive_val_type!($result), )*
                }
            }

            /// Its name in `docs/abi.md` §6.
            pub fn name(self) -> &'static str {
                match self {
                    $( Primitive::$variant => stringify!($name), )*
                }
            }
        }
    };
}

foreach_primitive!(declare_primitives);

/// The word a primitive returns instead of a term when it raised an exception: `0` is a tuple
/// header, never a term.
pub const NON_VALUE: u64 = 0;

/// Operations of the `call` primitive.
pub mod call_op {
    /// Call the fun in `x[arity]` with the arguments in `x[0..arity)`.
    pub const FUN: u32 = 0;
    /// `apply`: call `x[arity]:x[arity + 1]` with the arguments in `x[0..arity)`.
    pub const APPLY: u32 = 1;
    /// `erlang:apply/3`: call `x0:x1` with the arguments in the list `x2`.
    pub const APPLY_LIST: u32 = 2;
    /// `erlang:apply/2`: call the fun `x0` with the arguments in the list `x1`.
    pub const APPLY_FUN_LIST: u32 = 3;
    /// `erlang:hibernate/3`: empty the stack, then call `x0:x1` with the arguments in the list
    /// `x2` once a message is in the mailbox (the callee's entry yields at once; the scheduler
    /// parks the process there until a message arrives).
    pub const HIBERNATE: u32 = 4;
}

/// Set in the `live` operand of the `bif` primitive when the BIF runs in a guard (the
/// instruction has a fail label): a failure returns `NON_VALUE` without recording an
/// exception, so it allocates nothing and the registers the fail path reads stay valid.
pub const BIF_SILENT: u32 = 1 << 31;

/// Operations of the `process` primitive (receive and send).
pub mod process_op {
    /// `loop_rec`: the message at the receive cursor, or `NON_VALUE` when there is none.
    pub const PEEK: u32 = 0;
    /// `loop_rec_end`: move the cursor past the current message.
    pub const NEXT: u32 = 1;
    /// `remove_message`: take the current message out; reset the cursor and the timeout.
    pub const REMOVE: u32 = 2;
    /// `wait`: park the process (the code then saves its continuation and returns).
    pub const WAIT: u32 = 3;
    /// `wait_timeout` with timeout `a`: `1` when the timeout has passed (go on), `2` when
    /// the process must park, `0` when the timeout is not a valid one (it raised).
    pub const WAIT_TIMEOUT: u32 = 4;
    /// `timeout`: the receive timed out; reset the cursor.
    pub const TIMEOUT: u32 = 5;
    /// `send`: `x0 ! x1`; the message, or `NON_VALUE` (badarg).
    pub const SEND: u32 = 6;
}

/// Operations of the `float` primitive.
pub mod float_op {
    /// `fconv`: the number `a` as an `f64` into the float register at context offset `b`;
    /// `badarith` if `a` is not a number.
    pub const CONVERT: u32 = 0;
}

/// The errors generated code raises itself, with the term they carry.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u32)]
pub enum RaiseKind {
    /// `{badmatch, V}`
    Badmatch = 0,
    /// `{case_clause, V}`
    CaseClause = 1,
    /// `{try_clause, V}`
    TryClause = 2,
    /// `if_clause`
    IfClause = 3,
    /// `function_clause`
    FunctionClause = 4,
    /// `{badrecord, V}`
    Badrecord = 5,
    /// `badarg`
    Badarg = 6,
    /// `badarith`
    Badarith = 7,
}

impl RaiseKind {
    pub fn from_u32(n: u32) -> Option<RaiseKind> {
        [
            RaiseKind::Badmatch,
            RaiseKind::CaseClause,
            RaiseKind::TryClause,
            RaiseKind::IfClause,
            RaiseKind::FunctionClause,
            RaiseKind::Badrecord,
            RaiseKind::Badarg,
            RaiseKind::Badarith,
        ]
        .get(n as usize)
        .copied()
    }
}

/// The operations of the `map_op` primitive (`docs/abi.md` §6): `map_op(ctx, op, live, a, b,
/// c)`. With `SILENT` set, an operation that fails returns `NON_VALUE` without recording an
/// exception (a guard or an instruction with a fail label jumps instead).
pub mod map_op {
    /// `(map, key)`: the value, or `NON_VALUE` when the key is absent or `map` is no map. Never
    /// raises.
    pub const GET: u32 = 0;
    /// `(map, first, n)`: `map` with the `n` pairs in `x[first .. first + 2n)` (key, value,
    /// ...) associated (`=>`); `{badmap, Map}` when `map` is no map.
    pub const PUT_ASSOC: u32 = 1;
    /// As `PUT_ASSOC` for `:=`: `{badkey, K}` when a key is absent.
    pub const PUT_EXACT: u32 = 2;
    /// `(key, map)`: `erlang:map_get/2`.
    pub const MAP_GET: u32 = 3;
    /// `(key, map)`: `erlang:is_map_key/2`.
    pub const IS_MAP_KEY: u32 = 4;
    /// Flag: fail with `NON_VALUE` and no exception.
    pub const SILENT: u32 = 0x100;
}

/// The operations of the `bits_op` primitive (`docs/abi.md` §3.1, §6): `op` is
/// `kind | flags << 8 | unit << 16`, where the flags are the BEAM field flags.
pub mod bits_op {
    pub const KIND_MASK: u32 = 0xFF;
    pub const FLAGS_SHIFT: u32 = 8;
    pub const UNIT_SHIFT: u32 = 16;
    /// Field flags (OTP's `BSF_*`).
    pub const FLAG_LITTLE: u32 = 2;
    pub const FLAG_SIGNED: u32 = 4;
    pub const FLAG_NATIVE: u32 = 16;
    /// The operation records `badarg` instead of failing quietly (`bs_start_match4` without a
    /// fail label).
    pub const FLAG_RAISE: u32 = 0x80;
    /// The first segment of a `bs_create_bin`: starts a new binary (no `CREATE_BEGIN` call).
    pub const FLAG_FIRST: u32 = 0x40;

    // Construction (`bs_create_bin`): begin, one call per segment, finish.
    pub const CREATE_BEGIN: u32 = 1;
    pub const PUT_INTEGER: u32 = 2;
    pub const PUT_FLOAT: u32 = 3;
    pub const PUT_BINARY: u32 = 4;
    pub const PUT_UTF8: u32 = 5;
    pub const PUT_UTF16: u32 = 6;
    pub const PUT_UTF32: u32 = 7;
    pub const PUT_STRING: u32 = 8;
    pub const PUT_APPEND: u32 = 9;
    pub const CREATE_FINISH: u32 = 10;
    pub const INIT_WRITABLE: u32 = 11;

    // Matching: `a` is the match state (or the term to match, for START_MATCH).
    pub const START_MATCH: u32 = 16;
    pub const GET_INTEGER: u32 = 17;
    pub const GET_FLOAT: u32 = 18;
    pub const GET_BINARY: u32 = 19;
    pub const SKIP_BITS: u32 = 20;
    pub const TEST_TAIL: u32 = 21;
    pub const TEST_UNIT: u32 = 22;
    pub const MATCH_STRING: u32 = 23;
    pub const GET_TAIL: u32 = 24;
    pub const GET_POSITION: u32 = 25;
    pub const SET_POSITION: u32 = 26;
    pub const GET_UTF8: u32 = 27;
    pub const GET_UTF16: u32 = 28;
    pub const GET_UTF32: u32 = 29;
    /// At least (`ENSURE_AT_LEAST`) or exactly (`ENSURE_EXACTLY`) `b` bits remain, and for
    /// at-least the remainder is a multiple of the unit (OTP 26 `bs_match`).
    pub const ENSURE_AT_LEAST: u32 = 30;
    pub const ENSURE_EXACTLY: u32 = 31;

    // The size arithmetic of OTP 21-24's construction sequences (their `bs_put_*` are read as
    // one construction; see `docs/abi.md` §3.1).
    /// `bs_add`: `a + b * unit` for non-negative integers `a` and `b` (`badarg` otherwise,
    /// `system_limit` past the small range).
    pub const SIZE_ADD: u32 = 32;
    /// `bs_utf8_size`, `bs_utf16_size`: the bytes code point `a` takes (4 for anything that
    /// is not a code point: the `bs_put_*` that follows then fails on it).
    pub const UTF8_SIZE: u32 = 33;
    pub const UTF16_SIZE: u32 = 34;
    /// A failure returns `NON_VALUE` and records nothing (the instruction has a fail label).
    pub const FLAG_QUIET: u32 = 0x20;

    pub const fn encode(kind: u32, flags: u32, unit: u32) -> i32 {
        (kind | (flags << FLAGS_SHIFT) | (unit << UNIT_SHIFT)) as i32
    }
}

/// Operations of the `exception` primitive (`docs/abi.md` §9).
pub mod exception_op {
    /// `catch_end` found no value in `x0`: `x0 := ` the value of the `catch` expression,
    /// from the class, reason and raw stack trace in `x1..x3`.
    pub const CATCH_VALUE: u32 = 0;
    /// `build_stacktrace`: the frames of the raw stack trace `a`.
    pub const BUILD_STACKTRACE: u32 = 1;
    /// `raise`: re-raises reason `b` with the class and frames of the raw stack trace `a`.
    pub const RAISE: u32 = 2;
    /// `raw_raise`: raises class `x0`, reason `x1`, raw stack trace `x2`; `badarg` (to be
    /// stored in `x0`) when `x0` is not a class.
    pub const RAW_RAISE: u32 = 3;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_slots_in_order() {
        for (slot, &primitive) in Primitive::ALL.iter().enumerate() {
            assert_eq!(primitive as usize, slot, "{primitive:?}");
        }
        assert_eq!(Primitive::Bif.params(), 6);
        assert_eq!(Primitive::HandleError.name(), "handle_error");
    }
}
