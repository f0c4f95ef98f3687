//! The 64-bit term encoding of `docs/abi.md` §3: immediates, list cells and boxed terms, as
//! `u64` words ([`Term`]), with AtomVM's tags and 64-bit BEAM's widths: 60-bit signed small
//! integers, and 32-bit linear-memory addresses in the pointers. Everything here is pure bit
//! arithmetic; reading what a pointer points at is the host's heap view's job. [`wasm`] holds
//! the instruction sequences that test and build these words in generated code, so the
//! encoding is written down once.

/// A term, or any other word of the heap, the stack or a register: 8 bytes everywhere.
pub type Term = u64;
/// Bytes in a word (a term, a header, a continuation word).
pub const WORD_BYTES: u32 = 8;
/// `log2(WORD_BYTES)`: the alignment exponent of a word's loads and stores.
pub const WORD_ALIGN: u32 = 3;

/// The byte offset of word `index` of an object (from its first word).
pub const fn word(index: u32) -> u32 {
    WORD_BYTES * index
}

/// Smallest and largest integers that fit an immediate (60-bit signed, as on 64-bit BEAM).
pub const SMALL_MIN: i64 = -(1 << 59);
pub const SMALL_MAX: i64 = (1 << 59) - 1;

pub const NIL: Term = 0x3B;

/// The low two bits: `01` a list cell, `10` a boxed pointer, `11` an immediate, `00` not a
/// term (a header, a continuation word).
pub const PRIMARY_MASK: u64 = 0x3;
pub const PRIMARY_LIST: u64 = 0x1;
pub const PRIMARY_BOXED: u64 = 0x2;
pub const PRIMARY_IMMEDIATE: u64 = 0x3;
/// Immediates of a 4-bit tag (small integers, pids, ports), the value above it.
pub const IMMEDIATE_MASK: u64 = 0xF;
pub const IMMEDIATE_SHIFT: u32 = 4;
/// Immediates of a 6-bit tag (atoms, nil, catch markers).
pub const IMMEDIATE2_MASK: u64 = 0x3F;
pub const IMMEDIATE2_SHIFT: u32 = 6;
pub const TAG_PID: u64 = 0x3;
pub const TAG_PORT: u64 = 0x7;
pub const TAG_SMALL: u64 = 0xF;
pub const TAG_ATOM: u64 = 0x0B;
pub const TAG_CATCH: u64 = 0x1B;
/// Header words: `(size_in_words << HEADER_SIZE_SHIFT) | tag`.
pub const HEADER_SIZE_SHIFT: u32 = 6;
/// Catch markers: `(module_index << CATCH_MODULE_SHIFT) | (label << 6) | TAG_CATCH`.
pub const CATCH_MODULE_SHIFT: u32 = 32;
pub const CATCH_LABEL_MASK: u64 = (1 << (CATCH_MODULE_SHIFT - IMMEDIATE2_SHIFT)) - 1;

/// Tags of boxed headers: `header = (size_in_words << 6) | tag`.
pub mod boxed {
    pub const TUPLE: u64 = 0x00;
    pub const MATCH_STATE: u64 = 0x04;
    pub const POS_BIGNUM: u64 = 0x08;
    pub const NEG_BIGNUM: u64 = 0x0C;
    pub const REFERENCE: u64 = 0x10;
    pub const FUN: u64 = 0x14;
    pub const FLOAT: u64 = 0x18;
    pub const REFC_BINARY: u64 = 0x20;
    pub const HEAP_BINARY: u64 = 0x24;
    pub const SUB_BINARY: u64 = 0x28;
    pub const MAP: u64 = 0x2C;
    pub const TAG_MASK: u64 = 0x3F;
}

/// A list cell: two words, tail first (`docs/abi.md` §3); byte offsets from its address.
pub mod list_cell {
    use super::word;
    pub const TAIL: u32 = word(0);
    pub const HEAD: u32 = word(1);
    pub const BYTES: u32 = word(2);
}

/// Byte offsets in a tuple, from its header.
pub mod tuple {
    /// Element `index` (from 0).
    pub const fn element(index: u32) -> u32 {
        super::word(1 + index)
    }
}

/// A boxed float: the header, then the double's bits in one word; byte offsets.
pub mod float {
    use super::word;
    pub const WORDS: u32 = 1;
    pub const VALUE: u32 = word(1);
    pub const BYTES: u32 = word(2);
}

/// A bignum: the header (its size the number of digit words), then the magnitude's 64-bit
/// digits, least significant first; the sign is the header's tag.
pub mod bignum {
    use super::word;
    pub const DIGITS: u32 = word(1);
}

/// A reference: the header (size 1), then its 64-bit number.
pub mod reference {
    use super::word;
    pub const WORDS: u32 = 1;
    pub const NUMBER: u32 = word(1);
}

/// A heap binary: the header, its byte count, then the bytes (`docs/abi.md` §3.1).
pub mod heap_binary {
    use super::word;
    pub const SIZE: u32 = word(1);
    pub const DATA: u32 = word(2);
}

/// A refc binary ("ProcBin"): the header, its byte count and the address of its first byte in
/// an off-heap block (`docs/abi.md` §3.1).
pub mod refc_binary {
    use super::word;
    pub const WORDS: u32 = 2;
    pub const SIZE: u32 = word(1);
    pub const DATA: u32 = word(2);
}

/// A sub binary: the header, the original binary (a term), its offset and size in bits
/// (`docs/abi.md` §3.1).
pub mod sub_binary {
    use super::word;
    pub const WORDS: u32 = 3;
    pub const ORIGINAL: u32 = word(1);
    pub const OFFSET: u32 = word(2);
    pub const SIZE: u32 = word(3);
    pub const BYTES: u32 = word(4);
}

/// A match state: the header, the original binary (a term), the position and the end, in
/// bits (`docs/abi.md` §3.1).
pub mod match_state {
    use super::word;
    pub const ORIGINAL: u32 = word(1);
    pub const POSITION: u32 = word(2);
    pub const END: u32 = word(3);
}

/// The layout of funs (`docs/abi.md` §3): a local fun is
/// `[header, entry, info, module_atom, uniq, free...]` where `entry` is the continuation word of
/// its code (primary tag 00, so the collector leaves it alone), `info` a small-integer-tagged
/// `(fun_index << 8 | arity)` and `uniq` the small integer FunT's `old_uniq` (a 27-bit hash);
/// an external fun is `[header, module_atom, function_atom, arity]`.
pub mod fun {
    use super::word;
    /// Words of a local fun besides its free variables.
    pub const LOCAL_WORDS: u32 = 6;
    pub const EXTERNAL_WORDS: u32 = 4;
    /// Funs take at most this many arguments (the info word's field).
    pub const MAX_ARITY: u32 = 255;
    /// The arity's field in the info word's value, below the fun's index.
    pub const ARITY_MASK: u64 = 0xFF;
    pub const INDEX_SHIFT: u32 = 8;
    /// Byte offsets of a local fun's words, from its header.
    pub const ENTRY: u32 = word(1);
    pub const INFO: u32 = word(2);
    pub const MODULE: u32 = word(3);
    pub const UNIQ: u32 = word(4);
    /// The pid of the process that made the fun.
    pub const CREATOR: u32 = word(5);

    /// The byte offset of free variable `index` (from 0).
    pub const fn free(index: u32) -> u32 {
        word(LOCAL_WORDS + index)
    }

    /// The info word of a local fun.
    pub const fn info(fun_index: u32, arity: u32) -> u64 {
        ((((fun_index as u64) << INDEX_SHIFT) | arity as u64) << super::IMMEDIATE_SHIFT)
            | super::TAG_SMALL
    }

    /// `(fun_index, arity)` of an info word.
    pub const fn decode_info(info: u64) -> (u32, u32) {
        (
            (info >> (super::IMMEDIATE_SHIFT + INDEX_SHIFT)) as u32,
            ((info >> super::IMMEDIATE_SHIFT) & ARITY_MASK) as u32,
        )
    }
}

/// The term of fixed atom `name`.
///
/// # Panics
/// When `name` is not in [`FIXED_ATOMS`]: a bug, caught by any test that reaches the caller.
pub fn fixed_atom(name: &str) -> Term {
    match FIXED_ATOMS.iter().position(|a| *a == name) {
        Some(index) => atom(index as u32),
        None => panic!("{name} is not a fixed atom"),
    }
}

/// Atoms with fixed global indices, known to the compiler, so that codegen can emit them as
/// immediates. The order is AtomVM's default atoms.
pub const FIXED_ATOMS: &[&str] = &[
    "false",
    "true",
    "ok",
    "error",
    "badarg",
    "badarith",
    "badfun",
    "function_clause",
    "try_clause",
    "out_of_memory",
    "badmatch",
    "case_clause",
    "if_clause",
    "throw",
    "unsupported",
    "all",
    "exit",
    "badrecord",
];

/// The kind of a term, as far as its own bits tell.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    Small(i64),
    Atom(u32),
    Nil,
    Pid(u32),
    Port(u32),
    /// Address of the cell `[tail, head]`.
    Cons(u32),
    /// Address of the header word.
    Boxed(u32),
    /// A word that is not a term: a boxed header, a continuation pointer or a catch marker.
    NotATerm,
}

pub fn shape(term: Term) -> Shape {
    match term & PRIMARY_MASK {
        PRIMARY_LIST => Shape::Cons(address(term)),
        PRIMARY_BOXED => Shape::Boxed(address(term)),
        0 => Shape::NotATerm,
        _ => match term & IMMEDIATE_MASK {
            TAG_SMALL => Shape::Small((term as i64) >> IMMEDIATE_SHIFT),
            TAG_PID => Shape::Pid((term >> IMMEDIATE_SHIFT) as u32),
            TAG_PORT => Shape::Port((term >> IMMEDIATE_SHIFT) as u32),
            _ => match term & IMMEDIATE2_MASK {
                TAG_ATOM => Shape::Atom((term >> IMMEDIATE2_SHIFT) as u32),
                NIL => Shape::Nil,
                _ => Shape::NotATerm,
            },
        },
    }
}

/// The address a list or boxed pointer points at (its tag removed; pointers hold 32-bit
/// linear-memory addresses).
pub fn address(pointer: Term) -> u32 {
    (pointer & !PRIMARY_MASK) as u32
}

/// Whether a heap word is a boxed header (primary tag `00`; a term on the heap never is).
pub fn is_header(word: Term) -> bool {
    word & PRIMARY_MASK == 0
}

/// Whether `term` is an immediate (a small integer, atom, pid, port, nil): no pointer.
pub fn is_immediate(term: Term) -> bool {
    term & PRIMARY_MASK == PRIMARY_IMMEDIATE
}

pub fn small(value: i64) -> Term {
    debug_assert!((SMALL_MIN..=SMALL_MAX).contains(&value));
    ((value << IMMEDIATE_SHIFT) as u64) | TAG_SMALL
}

pub fn fits_small(value: i64) -> bool {
    (SMALL_MIN..=SMALL_MAX).contains(&value)
}

pub fn atom(index: u32) -> Term {
    ((index as u64) << IMMEDIATE2_SHIFT) | TAG_ATOM
}

pub fn pid(id: u32) -> Term {
    ((id as u64) << IMMEDIATE_SHIFT) | TAG_PID
}

pub fn port(id: u32) -> Term {
    ((id as u64) << IMMEDIATE_SHIFT) | TAG_PORT
}

pub fn cons(address: u32) -> Term {
    debug_assert_eq!(address as u64 & PRIMARY_MASK, 0);
    address as u64 | PRIMARY_LIST
}

pub fn boxed(address: u32) -> Term {
    debug_assert_eq!(address as u64 & PRIMARY_MASK, 0);
    address as u64 | PRIMARY_BOXED
}

pub fn header(size_in_words: u32, tag: u64) -> Term {
    ((size_in_words as u64) << HEADER_SIZE_SHIFT) | tag
}

pub fn header_tag(header: Term) -> u64 {
    header & boxed::TAG_MASK
}

/// The size in words a header gives; sizes past `u32::MAX` words cannot be in a 32-bit
/// memory and read as `u32::MAX`, which every bounds check then refuses.
pub fn header_size(header: Term) -> u32 {
    u32::try_from(header >> HEADER_SIZE_SHIFT).unwrap_or(u32::MAX)
}

pub fn is_catch_marker(word: Term) -> bool {
    word & IMMEDIATE2_MASK == TAG_CATCH
}

/// The catch marker for a handler at `label` of module `module_index` (`docs/abi.md` §3).
pub fn catch_marker(module_index: u32, label: u32) -> Term {
    ((module_index as u64) << CATCH_MODULE_SHIFT) | ((label as u64) << IMMEDIATE2_SHIFT) | TAG_CATCH
}

/// The `(module_index, label)` a catch marker names.
pub fn catch_marker_target(word: Term) -> (u32, u32) {
    (
        (word >> CATCH_MODULE_SHIFT) as u32,
        ((word >> IMMEDIATE2_SHIFT) & CATCH_LABEL_MASK) as u32,
    )
}

pub fn atom_false() -> Term {
    atom(0)
}

pub fn atom_true() -> Term {
    atom(1)
}

pub fn boolean(value: bool) -> Term {
    atom(value as u32)
}

/// The instruction sequences generated code tests and builds terms with. Terms are `i64`s,
/// addresses `i32`s; each snippet reads its operands from locals (or the value stack, where it
/// says so), and a test pushes an `i32` truth value.
pub mod wasm {
    use wasm_encoder::{Instruction as W, MemArg};

    use super::*;

    /// The memory argument of a word's load or store at `offset` from the address on the stack.
    pub fn word_mem(offset: u32) -> MemArg {
        MemArg {
            offset: offset as u64,
            align: WORD_ALIGN,
            memory_index: 0,
        }
    }

    /// Loads the word at `offset` from the address (an `i32`) on the stack.
    pub fn load_word(offset: u32) -> W<'static> {
        W::I64Load(word_mem(offset))
    }

    /// Stores the word on the stack at `offset` from the address below it.
    pub fn store_word(offset: u32) -> W<'static> {
        W::I64Store(word_mem(offset))
    }

    /// A term constant.
    pub fn constant(term: Term) -> W<'static> {
        W::I64Const(term as i64)
    }

    /// `(local & mask) == tag`.
    fn masked_is(local: u32, mask: u64, tag: u64) -> [W<'static>; 5] {
        [
            W::LocalGet(local),
            W::I64Const(mask as i64),
            W::I64And,
            W::I64Const(tag as i64),
            W::I64Eq,
        ]
    }

    /// 1 if the term in `local` is a small integer.
    pub fn is_small(local: u32) -> [W<'static>; 5] {
        masked_is(local, IMMEDIATE_MASK, TAG_SMALL)
    }

    /// 1 if the term in `local` is not a small integer.
    pub fn is_not_small(local: u32) -> [W<'static>; 5] {
        [
            W::LocalGet(local),
            W::I64Const(IMMEDIATE_MASK as i64),
            W::I64And,
            W::I64Const(TAG_SMALL as i64),
            W::I64Ne,
        ]
    }

    /// 1 if the terms in `a` and `b` are both small integers (their tags and-ed keep
    /// `TAG_SMALL` only then).
    pub fn both_small(a: u32, b: u32) -> [W<'static>; 7] {
        [
            W::LocalGet(a),
            W::LocalGet(b),
            W::I64And,
            W::I64Const(IMMEDIATE_MASK as i64),
            W::I64And,
            W::I64Const(TAG_SMALL as i64),
            W::I64Eq,
        ]
    }

    /// 1 if the term in `local` is a boxed pointer.
    pub fn is_boxed(local: u32) -> [W<'static>; 5] {
        masked_is(local, PRIMARY_MASK, PRIMARY_BOXED)
    }

    /// 1 if the term in `local` is not a boxed pointer.
    pub fn is_not_boxed(local: u32) -> [W<'static>; 5] {
        [
            W::LocalGet(local),
            W::I64Const(PRIMARY_MASK as i64),
            W::I64And,
            W::I64Const(PRIMARY_BOXED as i64),
            W::I64Ne,
        ]
    }

    /// 1 if the term in `local` is a list cell (a non-empty list).
    pub fn is_list_cell(local: u32) -> [W<'static>; 5] {
        masked_is(local, PRIMARY_MASK, PRIMARY_LIST)
    }

    /// 1 if the term in `local` is an immediate (no pointer).
    pub fn is_immediate(local: u32) -> [W<'static>; 5] {
        masked_is(local, PRIMARY_MASK, PRIMARY_IMMEDIATE)
    }

    /// 1 if the term in `local` is an atom.
    pub fn is_atom(local: u32) -> [W<'static>; 5] {
        masked_is(local, IMMEDIATE2_MASK, TAG_ATOM)
    }

    /// 1 if the term in `local` is a pid.
    pub fn is_pid(local: u32) -> [W<'static>; 5] {
        masked_is(local, IMMEDIATE_MASK, TAG_PID)
    }

    /// 1 if the term in `local` is a port.
    pub fn is_port(local: u32) -> [W<'static>; 5] {
        masked_is(local, IMMEDIATE_MASK, TAG_PORT)
    }

    /// The address (`i32`) a boxed or list pointer (`i64`) on the stack points at: its
    /// primary tag removed.
    pub fn untag(primary: u64) -> [W<'static>; 3] {
        [W::I32WrapI64, W::I32Const(primary as i32), W::I32Sub]
    }

    /// The boxed tag (`i32`) of the header word (`i64`) on the stack.
    pub fn header_tag() -> [W<'static>; 3] {
        [
            W::I32WrapI64,
            W::I32Const(boxed::TAG_MASK as i32),
            W::I32And,
        ]
    }

    /// The value (`i64`) of the small integer on the stack (arithmetic shift).
    pub fn small_value() -> [W<'static>; 2] {
        [W::I64Const(IMMEDIATE_SHIFT as i64), W::I64ShrS]
    }

    /// The value (`i64`) of the non-negative small integer on the stack (logical shift).
    pub fn unsigned_small_value() -> [W<'static>; 2] {
        [W::I64Const(IMMEDIATE_SHIFT as i64), W::I64ShrU]
    }

    /// The size in words (`i32`) of the header word on the stack (which must fit 32 bits).
    pub fn header_size() -> [W<'static>; 3] {
        [
            W::I64Const(HEADER_SIZE_SHIFT as i64),
            W::I64ShrU,
            W::I32WrapI64,
        ]
    }

    /// The address (`i32`) on the stack as a pointer term (`i64`) with its primary tag
    /// (`PRIMARY_LIST`, `PRIMARY_BOXED`).
    pub fn tag(primary: u64) -> [W<'static>; 3] {
        [W::I32Const(primary as i32), W::I32Or, W::I64ExtendI32U]
    }

    /// The arity (`i32`) in the local fun's info word on the stack.
    pub fn fun_info_arity() -> [W<'static>; 5] {
        [
            W::I64Const(IMMEDIATE_SHIFT as i64),
            W::I64ShrU,
            W::I32WrapI64,
            W::I32Const(fun::ARITY_MASK as i32),
            W::I32And,
        ]
    }

    /// The small integer of the `i64` value on the stack (which must fit).
    pub fn make_small() -> [W<'static>; 4] {
        [
            W::I64Const(IMMEDIATE_SHIFT as i64),
            W::I64Shl,
            W::I64Const(TAG_SMALL as i64),
            W::I64Or,
        ]
    }

    /// The small-integer tag or-ed into the word on the stack (after a bitwise operation on
    /// two small integers, or an arithmetic one that kept the tag bits clear).
    pub fn retag_small() -> [W<'static>; 2] {
        [W::I64Const(TAG_SMALL as i64), W::I64Or]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn immediates_round_trip() {
        for v in [0, 1, -1, SMALL_MIN, SMALL_MAX, 12345, -98765, 1 << 40] {
            assert_eq!(shape(small(v)), Shape::Small(v));
        }
        assert_eq!(shape(atom(7)), Shape::Atom(7));
        assert_eq!(shape(NIL), Shape::Nil);
        assert_eq!(shape(pid(3)), Shape::Pid(3));
        assert_eq!(shape(port(3)), Shape::Port(3));
        assert_eq!(shape(cons(0x1000)), Shape::Cons(0x1000));
        assert_eq!(shape(boxed(0x1000)), Shape::Boxed(0x1000));
        assert_eq!(shape(boxed(0xFFFF_FFF8)), Shape::Boxed(0xFFFF_FFF8));
        assert_eq!(shape(header(2, boxed::FLOAT)), Shape::NotATerm);
        assert_eq!(atom_true(), 0x4B);
        assert_eq!(atom_false(), 0x0B);
        assert_eq!(
            catch_marker_target(catch_marker(4095, 1 << 20)),
            (4095, 1 << 20)
        );
    }

    #[test]
    fn object_layouts_agree_with_their_sizes() {
        assert_eq!(fun::decode_info(fun::info(70_000, 255)), (70_000, 255));
        assert_eq!(fun::free(0), WORD_BYTES * fun::LOCAL_WORDS);
        assert_eq!(sub_binary::BYTES, WORD_BYTES * (1 + sub_binary::WORDS));
        assert_eq!(float::BYTES, WORD_BYTES * (1 + float::WORDS));
        assert_eq!(list_cell::BYTES, list_cell::HEAD + WORD_BYTES);
        assert_eq!(tuple::element(0), WORD_BYTES);
    }

    #[test]
    fn small_range_is_60_bits() {
        assert!(fits_small(576_460_752_303_423_487));
        assert!(!fits_small(576_460_752_303_423_488));
        assert!(fits_small(-576_460_752_303_423_488));
        assert!(!fits_small(-576_460_752_303_423_489));
        assert!(fits_small(52_199_999_998));
    }
}
