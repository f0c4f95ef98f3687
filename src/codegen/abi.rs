//! The numbers of `docs/abi.md`, in one place: what generated code and the runtime must agree
//! on. The runtime reads this module (data flows codegen -> runtime, never back).

/// Byte offsets in the process context (`ctx`).
pub mod ctx {
    pub const GLOBAL: u32 = 0x00;
    pub const HEAP_START: u32 = 0x04;
    pub const HEAP_TOP: u32 = 0x08;
    pub const HEAP_END: u32 = 0x0C;
    /// The highest `e` since the last collection: the stack below the frame there is unchanged
    /// since then, so a minor collection need not scan it. `deallocate` and `trim` raise it.
    pub const STACK_WATERMARK: u32 = 0x10;
    pub const E: u32 = 0x14;
    pub const X: u32 = 0x18;
    pub const X_REGISTERS: u32 = 1024;
    pub const CP: u32 = X + 4 * X_REGISTERS;
    pub const FR: u32 = CP + 8;
    pub const FLOAT_REGISTERS: u32 = 16;
    /// First byte the runtime keeps for itself; generated code never reads past here.
    pub const RUNTIME_PRIVATE: u32 = FR + 8 * FLOAT_REGISTERS;
    /// The old generation: `[OLD_START, OLD_TOP)` in use up to `OLD_END` (runtime-private).
    pub const OLD_START: u32 = RUNTIME_PRIVATE;
    pub const OLD_TOP: u32 = RUNTIME_PRIVATE + 4;
    pub const OLD_END: u32 = RUNTIME_PRIVATE + 8;
    /// Size of the whole context, runtime fields included.
    pub const SIZE: u32 = RUNTIME_PRIVATE + 64;

    pub const fn x(n: u32) -> u32 {
        X + 4 * n
    }
}

/// Byte offsets in the JIT state.
pub mod jit_state {
    pub const MODULE: u32 = 0x0;
    pub const CONTINUATION: u32 = 0x4;
    pub const REMAINING_REDUCTIONS: u32 = 0x8;
    pub const SIZE: u32 = 12;
}

/// Reductions a process gets per time slice (AtomVM's value).
pub const REDUCTIONS_PER_SLICE: i32 = 1024;

/// `cp` and continuation words: `(module_index << 20) | (label << 2)`.
pub mod cp {
    pub const MODULE_SHIFT: u32 = 20;
    pub const LABEL_SHIFT: u32 = 2;
    pub const MAX_MODULES: u32 = 1 << 12;
    pub const MAX_LABELS: u32 = 1 << 18;
    pub const LABEL_MASK: u32 = MAX_LABELS - 1;
    /// Module slot 0 is the runtime's exit function: `cp == 0` ends the process.
    pub const EXIT: u32 = 0;

    pub const fn encode(module_index: u32, label: u32) -> u32 {
        (module_index << MODULE_SHIFT) | (label << LABEL_SHIFT)
    }

    pub const fn module(cp: u32) -> u32 {
        cp >> MODULE_SHIFT
    }

    pub const fn label(cp: u32) -> u32 {
        (cp >> LABEL_SHIFT) & LABEL_MASK
    }

    use wasm_encoder::Instruction as W;

    /// WASM that pushes the label of the continuation word in local `word`.
    pub fn push_label(word: u32) -> [W<'static>; 5] {
        [
            W::LocalGet(word),
            W::I32Const(LABEL_SHIFT as i32),
            W::I32ShrU,
            W::I32Const(LABEL_MASK as i32),
            W::I32And,
        ]
    }

    /// WASM that pushes the module index of the continuation word in local `word`.
    pub fn push_module(word: u32) -> [W<'static>; 3] {
        [
            W::LocalGet(word),
            W::I32Const(MODULE_SHIFT as i32),
            W::I32ShrU,
        ]
    }
}

/// What `jit_state.continuation` holds when the process has finished (set by the exit function
/// in table slot 0). Never a continuation word: those end in `00`.
pub const CONTINUATION_EXIT: u32 = 1;

/// The word a primitive returns instead of a term when it raised an exception: `0` is a tuple
/// header, never a term.
pub const NON_VALUE: u32 = 0;

/// The runtime functions generated code calls through `native_interface` (`docs/abi.md` §6).
/// Every parameter and result is an `i32`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u32)]
pub enum Primitive {
    /// `gc(ctx, need_words, live_x) -> 1`, or `0` when an exception is pending (out of memory).
    Gc = 0,
    /// `bif(ctx, bif_id, live_x, a, b, c) -> term`, or `NON_VALUE` when it raised.
    Bif = 1,
    /// `handle_error(ctx, jit_state, module_base, site) -> continuation` where execution
    /// resumes (a catch handler, or the end of the process); `site` numbers the raising code
    /// site of the module for the stack trace.
    HandleError = 2,
    /// `raise(ctx, kind, value, line) -> NON_VALUE`: records an error built from `RaiseKind`.
    Raise = 3,
    /// `compare(ctx, a, b) -> -1 | 0 | 1` in term order (`1 == 1.0`).
    Compare = 4,
    /// `exact_eq(ctx, a, b) -> 1 | 0` (`=:=`).
    ExactEq = 5,
    /// `undef(ctx, module_cp_base, import_index) -> continuation`: resolves an import that was
    /// not loaded when its module was linked (loading its module from the code path), fills in
    /// the import word and returns it; `NON_VALUE` after recording `undef` when it cannot.
    Undef = 6,
    /// `map_op(ctx, op, live_x, a, b, c) -> term`, or `NON_VALUE` when it raised: the map
    /// operations generated code does not inline (`runtime::map`; `op` numbers them).
    MapOp = 7,
    /// `bits_op(ctx, op, live_x, a, b, c) -> term`, or `NON_VALUE` when it raised: the
    /// bit-syntax operations (`runtime::bits`; `op` numbers them).
    BitsOp = 8,
    /// `exception(ctx, op, a, b) -> term`: the exception instructions' runtime part
    /// (`runtime::exception::op`).
    Exception = 9,
    /// `call(ctx, op, arity, _) -> continuation`, or `0` when it raised: calls of funs the
    /// inline path does not take, and `apply` (`codegen::lower::funs::call_op`).
    Call = 10,
    /// `float(ctx, op, a, b) -> 1`, or `0` when it raised: float-register work generated code
    /// leaves to the runtime (`float_op`).
    Float = 11,
    /// `process(ctx, op, a, b) -> term`: receive and send (`process_op`); `NON_VALUE` (or,
    /// for `WAIT_TIMEOUT`, `0`) when it raised.
    Process = 12,
}

impl Primitive {
    pub const ALL: [Primitive; 13] = [
        Primitive::Gc,
        Primitive::Bif,
        Primitive::HandleError,
        Primitive::Raise,
        Primitive::Compare,
        Primitive::ExactEq,
        Primitive::Undef,
        Primitive::MapOp,
        Primitive::BitsOp,
        Primitive::Exception,
        Primitive::Call,
        Primitive::Float,
        Primitive::Process,
    ];

    pub fn params(self) -> u32 {
        match self {
            Primitive::Gc => 3,
            Primitive::Bif => 6,
            Primitive::HandleError => 4,
            Primitive::Raise => 4,
            Primitive::Compare | Primitive::ExactEq => 3,
            Primitive::Undef => 3,
            Primitive::MapOp | Primitive::BitsOp => 6,
            Primitive::Exception | Primitive::Call | Primitive::Float | Primitive::Process => 4,
        }
    }
}

/// Operations of the `call` primitive (`docs/abi.md` §6).
pub mod call_op {
    /// Call the fun in `x[arity]` with the arguments in `x[0..arity)`.
    pub const FUN: u32 = 0;
    /// `apply`: call `x[arity]:x[arity + 1]` with the arguments in `x[0..arity)`.
    pub const APPLY: u32 = 1;
    /// `erlang:apply/3`: call `x0:x1` with the arguments in the list `x2`.
    pub const APPLY_LIST: u32 = 2;
    /// `erlang:apply/2`: call the fun `x0` with the arguments in the list `x1`.
    pub const APPLY_FUN_LIST: u32 = 3;
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

    pub const fn encode(kind: u32, flags: u32, unit: u32) -> i32 {
        (kind | (flags << FLAGS_SHIFT) | (unit << UNIT_SHIFT)) as i32
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layout_keeps_atomvm_offsets_where_documented() {
        assert_eq!(ctx::E, 0x14);
        assert_eq!(ctx::X, 0x18);
        assert_eq!(ctx::CP, 0x1018);
        assert_eq!(ctx::FR, 0x1020);
        assert_eq!(ctx::RUNTIME_PRIVATE, 0x10A0);
        assert_eq!(jit_state::REMAINING_REDUCTIONS, 0x8);
    }

    #[test]
    fn cp_round_trips() {
        let c = cp::encode(4095, cp::MAX_LABELS - 1);
        assert_eq!(cp::module(c), 4095);
        assert_eq!(cp::label(c), cp::MAX_LABELS - 1);
        assert_eq!(
            c & 3,
            0,
            "low bits stay 00 so the GC skips continuation words"
        );
    }
}
