//! The 32-bit term encoding of `docs/abi.md` §3 (AtomVM's): immediates, list cells and boxed
//! terms, as plain `u32` words. Everything here is pure bit arithmetic; reading what a pointer
//! points at is `heap`'s job.

/// Smallest and largest integers that fit an immediate (28-bit signed).
pub const SMALL_MIN: i64 = -(1 << 27);
pub const SMALL_MAX: i64 = (1 << 27) - 1;

pub const NIL: u32 = 0x3B;

const PRIMARY_MASK: u32 = 0x3;
const PRIMARY_LIST: u32 = 0x1;
const PRIMARY_BOXED: u32 = 0x2;
const IMMEDIATE_MASK: u32 = 0xF;
const IMMEDIATE2_MASK: u32 = 0x3F;
const TAG_PID: u32 = 0x3;
const TAG_PORT: u32 = 0x7;
const TAG_SMALL: u32 = 0xF;
const TAG_ATOM: u32 = 0x0B;
const TAG_CATCH: u32 = 0x1B;

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

    /// The info word of a local fun.
    pub const fn info(fun_index: u32, arity: u32) -> u32 {
        (((fun_index << 8) | arity) << 4) | 0xF
    }

    /// `(fun_index, arity)` of an info word.
    pub const fn decode_info(info: u32) -> (u32, u32) {
        (info >> 12, (info >> 4) & 0xFF)
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
            TAG_SMALL => Shape::Small((term as i32) >> 4),
            TAG_PID => Shape::Pid(term >> 4),
            TAG_PORT => Shape::Port(term >> 4),
            _ => match term & IMMEDIATE2_MASK {
                TAG_ATOM => Shape::Atom(term >> 6),
                NIL => Shape::Nil,
                _ => Shape::NotATerm,
            },
        },
    }
}

pub fn small(value: i32) -> u32 {
    debug_assert!((SMALL_MIN..=SMALL_MAX).contains(&(value as i64)));
    ((value << 4) as u32) | TAG_SMALL
}

pub fn fits_small(value: i64) -> bool {
    (SMALL_MIN..=SMALL_MAX).contains(&value)
}

pub fn atom(index: u32) -> u32 {
    (index << 6) | TAG_ATOM
}

pub fn pid(id: u32) -> u32 {
    (id << 4) | TAG_PID
}

pub fn port(id: u32) -> u32 {
    (id << 4) | TAG_PORT
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
    (size_in_words << 6) | tag
}

pub fn header_tag(header: u32) -> u32 {
    header & boxed::TAG_MASK
}

pub fn header_size(header: u32) -> u32 {
    header >> 6
}

pub fn is_catch_marker(word: u32) -> bool {
    word & IMMEDIATE2_MASK == TAG_CATCH
}

/// The catch marker for a handler at `label` of module `module_index` (`docs/abi.md` §3).
pub fn catch_marker(module_index: u32, label: u32) -> u32 {
    (module_index << 20) | (label << 6) | TAG_CATCH
}

/// The `(module_index, label)` a catch marker names.
pub fn catch_marker_target(word: u32) -> (u32, u32) {
    (word >> 20, (word >> 6) & 0x3FFF)
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
    fn small_range_is_28_bits() {
        assert!(fits_small(134_217_727));
        assert!(!fits_small(134_217_728));
        assert!(fits_small(-134_217_728));
        assert!(!fits_small(-134_217_729));
    }
}
