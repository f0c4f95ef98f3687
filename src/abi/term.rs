//! The 32-bit term encoding of `docs/abi.md` §3 (AtomVM's): immediates, list cells and boxed
//! terms, as plain `u32` words. Everything here is pure bit arithmetic; reading what a pointer
//! points at is the host's heap view's job. [`wasm`] holds the instruction sequences that
//! test and build these words in generated code, so the encoding is written down once.

use super::cp;

/// Smallest and largest integers that fit an immediate (28-bit signed).
pub const SMALL_MIN: i64 = -(1 << 27);
pub const SMALL_MAX: i64 = (1 << 27) - 1;

pub const NIL: u32 = 0x3B;

/// The low two bits: `01` a list cell, `10` a boxed pointer, `11` an immediate, `00` not a
/// term (a header, a continuation word).
pub const PRIMARY_MASK: u32 = 0x3;
pub const PRIMARY_LIST: u32 = 0x1;
pub const PRIMARY_BOXED: u32 = 0x2;
pub const PRIMARY_IMMEDIATE: u32 = 0x3;
/// Immediates of a 4-bit tag (small integers, pids, ports), the value above it.
pub const IMMEDIATE_MASK: u32 = 0xF;
pub const IMMEDIATE_SHIFT: u32 = 4;
/// Immediates of a 6-bit tag (atoms, nil, catch markers).
pub const IMMEDIATE2_MASK: u32 = 0x3F;
pub const IMMEDIATE2_SHIFT: u32 = 6;
pub const TAG_PID: u32 = 0x3;
pub const TAG_PORT: u32 = 0x7;
pub const TAG_SMALL: u32 = 0xF;
pub const TAG_ATOM: u32 = 0x0B;
pub const TAG_CATCH: u32 = 0x1B;
/// Header words: `(size_in_words << HEADER_SIZE_SHIFT) | tag`.
pub const HEADER_SIZE_SHIFT: u32 = 6;
/// Catch markers: `(module_index << cp::MODULE_SHIFT) | (label << 6) | TAG_CATCH`; the label
/// field is as wide as fits below the module's bits.
pub const CATCH_LABEL_MASK: u32 = (1 << (cp::MODULE_SHIFT - IMMEDIATE2_SHIFT)) - 1;

/// Tags of boxed headers: `header = (size_in_words << 6) | tag`.
pub mod boxed {
    pub const TUPLE: u32 = 0x00;
    pub const MATCH_STATE: u32 = 0x04;
    pub const POS_BIGNUM: u32 = 0x08;
    pub const NEG_BIGNUM: u32 = 0x0C;
    pub const REFERENCE: u32 = 0x10;
    pub const FUN: u32 = 0x14;
    pub const FLOAT: u32 = 0x18;
    pub const REFC_BINARY: u32 = 0x20;
    pub const HEAP_BINARY: u32 = 0x24;
    pub const SUB_BINARY: u32 = 0x28;
    pub const MAP: u32 = 0x2C;
    pub const TAG_MASK: u32 = 0x3F;
}

/// A list cell: two words, tail first (`docs/abi.md` §3); byte offsets from its address.
pub mod list_cell {
    pub const TAIL: u32 = 0;
    pub const HEAD: u32 = 4;
    pub const BYTES: u32 = 8;
}

/// Byte offsets in a tuple, from its header.
pub mod tuple {
    /// Element `index` (from 0).
    pub const fn element(index: u32) -> u32 {
        4 + 4 * index
    }
}

/// A boxed float: the header, then the 8-byte double (unaligned); byte offsets.
pub mod float {
    pub const WORDS: u32 = 2;
    pub const VALUE: u32 = 4;
    pub const BYTES: u32 = 12;
}

/// A heap binary: the header, its byte count, then the bytes (`docs/abi.md` §3.1).
pub mod heap_binary {
    pub const SIZE: u32 = 4;
    pub const DATA: u32 = 8;
}

/// A refc binary ("ProcBin"): the header, its byte count and the address of its first byte in
/// an off-heap block (`docs/abi.md` §3.1).
pub mod refc_binary {
    pub const WORDS: u32 = 2;
    pub const SIZE: u32 = 4;
    pub const DATA: u32 = 8;
}

/// A sub binary: the header, the original binary (a term), its offset and size in bits
/// (`docs/abi.md` §3.1).
pub mod sub_binary {
    pub const WORDS: u32 = 3;
    pub const ORIGINAL: u32 = 4;
    pub const OFFSET: u32 = 8;
    pub const SIZE: u32 = 12;
    pub const BYTES: u32 = 16;
}

/// A match state: the header, the original binary (a term), the position and the end, in
/// bits (`docs/abi.md` §3.1).
pub mod match_state {
    pub const ORIGINAL: u32 = 4;
    pub const POSITION: u32 = 8;
    pub const END: u32 = 12;
}

/// The layout of funs (`docs/abi.md` §3): a local fun is
/// `[header, entry, info, module_atom, uniq, free...]` where `entry` is the continuation word of
/// its code (primary tag 00, so the collector leaves it alone), `info` a small-integer-tagged
/// `(fun_index << 8 | arity)` and `uniq` the small integer FunT's `old_uniq` (a 27-bit hash);
/// an external fun is `[header, module_atom, function_atom, arity]`.
pub mod fun {
    /// Words of a local fun besides its free variables.
    pub const LOCAL_WORDS: u32 = 5;
    pub const EXTERNAL_WORDS: u32 = 4;
    /// Funs take at most this many arguments (the info word's field).
    pub const MAX_ARITY: u32 = 255;
    /// The arity's field in the info word's value, below the fun's index.
    pub const ARITY_MASK: u32 = 0xFF;
    pub const INDEX_SHIFT: u32 = 8;
    /// Byte offsets of a local fun's words, from its header.
    pub const ENTRY: u32 = 4;
    pub const INFO: u32 = 8;
    pub const MODULE: u32 = 12;
    pub const UNIQ: u32 = 16;

    /// The byte offset of free variable `index` (from 0).
    pub const fn free(index: u32) -> u32 {
        4 * (LOCAL_WORDS + index)
    }

    /// The info word of a local fun.
    pub const fn info(fun_index: u32, arity: u32) -> u32 {
        (((fun_index << INDEX_SHIFT) | arity) << super::IMMEDIATE_SHIFT) | super::TAG_SMALL
    }

    /// `(fun_index, arity)` of an info word.
    pub const fn decode_info(info: u32) -> (u32, u32) {
        (
            info >> (super::IMMEDIATE_SHIFT + INDEX_SHIFT),
            (info >> super::IMMEDIATE_SHIFT) & ARITY_MASK,
        )
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
    Small(i32),
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

pub fn shape(term: u32) -> Shape {
    match term & PRIMARY_MASK {
        PRIMARY_LIST => Shape::Cons(term & !PRIMARY_MASK),
        PRIMARY_BOXED => Shape::Boxed(term & !PRIMARY_MASK),
        0 => Shape::NotATerm,
        _ => match term & IMMEDIATE_MASK {
            TAG_SMALL => Shape::Small((term as i32) >> IMMEDIATE_SHIFT),
            TAG_PID => Shape::Pid(term >> IMMEDIATE_SHIFT),
            TAG_PORT => Shape::Port(term >> IMMEDIATE_SHIFT),
            _ => match term & IMMEDIATE2_MASK {
                TAG_ATOM => Shape::Atom(term >> IMMEDIATE2_SHIFT),
                NIL => Shape::Nil,
                _ => Shape::NotATerm,
            },
        },
    }
}

/// Whether a heap word is a boxed header (primary tag `00`; a term on the heap never is).
pub fn is_header(word: u32) -> bool {
    word & PRIMARY_MASK == 0
}

/// Whether `term` is an immediate (a small integer, atom, pid, port, nil): no pointer.
pub fn is_immediate(term: u32) -> bool {
    term & PRIMARY_MASK == PRIMARY_IMMEDIATE
}

pub fn small(value: i32) -> u32 {
    debug_assert!((SMALL_MIN..=SMALL_MAX).contains(&(value as i64)));
    ((value << IMMEDIATE_SHIFT) as u32) | TAG_SMALL
}

pub fn fits_small(value: i64) -> bool {
    (SMALL_MIN..=SMALL_MAX).contains(&value)
}

pub fn atom(index: u32) -> u32 {
    (index << IMMEDIATE2_SHIFT) | TAG_ATOM
}

pub fn pid(id: u32) -> u32 {
    (id << IMMEDIATE_SHIFT) | TAG_PID
}

pub fn port(id: u32) -> u32 {
    (id << IMMEDIATE_SHIFT) | TAG_PORT
}

pub fn cons(address: u32) -> u32 {
    debug_assert_eq!(address & PRIMARY_MASK, 0);
    address | PRIMARY_LIST
}

pub fn boxed(address: u32) -> u32 {
    debug_assert_eq!(address & PRIMARY_MASK, 0);
    address | PRIMARY_BOXED
}

pub fn header(size_in_words: u32, tag: u32) -> u32 {
    (size_in_words << HEADER_SIZE_SHIFT) | tag
}

pub fn header_tag(header: u32) -> u32 {
    header & boxed::TAG_MASK
}

pub fn header_size(header: u32) -> u32 {
    header >> HEADER_SIZE_SHIFT
}

pub fn is_catch_marker(word: u32) -> bool {
    word & IMMEDIATE2_MASK == TAG_CATCH
}

/// The catch marker for a handler at `label` of module `module_index` (`docs/abi.md` §3).
pub fn catch_marker(module_index: u32, label: u32) -> u32 {
    (module_index << cp::MODULE_SHIFT) | (label << IMMEDIATE2_SHIFT) | TAG_CATCH
}

/// The `(module_index, label)` a catch marker names.
pub fn catch_marker_target(word: u32) -> (u32, u32) {
    (
        word >> cp::MODULE_SHIFT,
        (word >> IMMEDIATE2_SHIFT) & CATCH_LABEL_MASK,
    )
}

pub fn atom_false() -> u32 {
    atom(0)
}

pub fn atom_true() -> u32 {
    atom(1)
}

pub fn boolean(value: bool) -> u32 {
    atom(value as u32)
}

/// The instruction sequences generated code tests and builds terms with: each reads its
/// operands from locals (or the value stack, where it says so) and pushes an `i32`.
pub mod wasm {
    use wasm_encoder::Instruction as W;

    use super::*;

    /// `(local & mask) == tag`.
    fn masked_is(local: u32, mask: u32, tag: u32) -> [W<'static>; 5] {
        [
            W::LocalGet(local),
            W::I32Const(mask as i32),
            W::I32And,
            W::I32Const(tag as i32),
            W::I32Eq,
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
            W::I32Const(IMMEDIATE_MASK as i32),
            W::I32And,
            W::I32Const(TAG_SMALL as i32),
            W::I32Ne,
        ]
    }

    /// 1 if the terms in `a` and `b` are both small integers (their tags and-ed keep
    /// `TAG_SMALL` only then).
    pub fn both_small(a: u32, b: u32) -> [W<'static>; 7] {
        [
            W::LocalGet(a),
            W::LocalGet(b),
            W::I32And,
            W::I32Const(IMMEDIATE_MASK as i32),
            W::I32And,
            W::I32Const(TAG_SMALL as i32),
            W::I32Eq,
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
            W::I32Const(PRIMARY_MASK as i32),
            W::I32And,
            W::I32Const(PRIMARY_BOXED as i32),
            W::I32Ne,
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

    /// The address a boxed or list pointer on the stack points at: its primary tag removed.
    pub fn untag(primary: u32) -> [W<'static>; 2] {
        [W::I32Const(primary as i32), W::I32Sub]
    }

    /// The boxed tag of the header word on the stack.
    pub fn header_tag() -> [W<'static>; 2] {
        [W::I32Const(boxed::TAG_MASK as i32), W::I32And]
    }

    /// The value of the small integer on the stack (arithmetic shift).
    pub fn small_value() -> [W<'static>; 2] {
        [W::I32Const(IMMEDIATE_SHIFT as i32), W::I32ShrS]
    }

    /// The value of the non-negative small integer on the stack (logical shift).
    pub fn unsigned_small_value() -> [W<'static>; 2] {
        [W::I32Const(IMMEDIATE_SHIFT as i32), W::I32ShrU]
    }

    /// The size in words of the header word on the stack.
    pub fn header_size() -> [W<'static>; 2] {
        [W::I32Const(HEADER_SIZE_SHIFT as i32), W::I32ShrU]
    }

    /// The address on the stack with its primary tag (`PRIMARY_LIST`, `PRIMARY_BOXED`).
    pub fn tag(primary: u32) -> [W<'static>; 2] {
        [W::I32Const(primary as i32), W::I32Or]
    }

    /// The arity in the local fun's info word on the stack.
    pub fn fun_info_arity() -> [W<'static>; 4] {
        [
            W::I32Const(IMMEDIATE_SHIFT as i32),
            W::I32ShrU,
            W::I32Const(fun::ARITY_MASK as i32),
            W::I32And,
        ]
    }

    /// The small integer of the value on the stack (which must fit).
    pub fn make_small() -> [W<'static>; 4] {
        [
            W::I32Const(IMMEDIATE_SHIFT as i32),
            W::I32Shl,
            W::I32Const(TAG_SMALL as i32),
            W::I32Or,
        ]
    }

    /// The small-integer tag or-ed into the word on the stack (after a bitwise operation on
    /// two small integers, or an arithmetic one that kept the tag bits clear).
    pub fn retag_small() -> [W<'static>; 2] {
        [W::I32Const(TAG_SMALL as i32), W::I32Or]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn immediates_round_trip() {
        for v in [0, 1, -1, SMALL_MIN as i32, SMALL_MAX as i32, 12345, -98765] {
            assert_eq!(shape(small(v)), Shape::Small(v));
        }
        assert_eq!(shape(atom(7)), Shape::Atom(7));
        assert_eq!(shape(NIL), Shape::Nil);
        assert_eq!(shape(pid(3)), Shape::Pid(3));
        assert_eq!(shape(port(3)), Shape::Port(3));
        assert_eq!(shape(cons(0x1000)), Shape::Cons(0x1000));
        assert_eq!(shape(boxed(0x1000)), Shape::Boxed(0x1000));
        assert_eq!(shape(header(2, boxed::FLOAT)), Shape::NotATerm);
        assert_eq!(atom_true(), 0x4B);
        assert_eq!(atom_false(), 0x0B);
    }

    #[test]
    fn object_layouts_agree_with_their_sizes() {
        assert_eq!(fun::decode_info(fun::info(70_000, 255)), (70_000, 255));
        assert_eq!(fun::free(0), 4 * fun::LOCAL_WORDS);
        assert_eq!(sub_binary::BYTES, 4 * (1 + sub_binary::WORDS));
        assert_eq!(float::BYTES, 4 * (1 + float::WORDS));
        assert_eq!(list_cell::BYTES, list_cell::HEAD + 4);
        assert_eq!(tuple::element(0), 4);
    }

    #[test]
    fn small_range_is_28_bits() {
        assert!(fits_small(134_217_727));
        assert!(!fits_small(134_217_728));
        assert!(fits_small(-134_217_728));
        assert!(!fits_small(-134_217_729));
    }
}
