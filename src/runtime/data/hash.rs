//! `erlang:phash/2` and `erlang:phash2/1,2`: OTP 25's portable term hashes (`make_hash` and
//! `make_hash2` of `erts/emulator/beam/utils.c`, re-implemented here), bit for bit as a 64-bit
//! OTP 25 computes them, since `sets`, `dict` and friends order their contents by them.
//!
//! Integers hash by value, whether beamwasm holds them as 60-bit smalls or as bignums, as on
//! a 64-bit OTP: `make_hash2` mixes one within OTP's 28-bit "small small" range as a 32-bit
//! signed word, and every other one (a 64-bit OTP's small above 28 bits included: it is
//! deliberately portable to 32-bit OTP) as a bignum of 64-bit digits; `make_hash` steps
//! over the bytes of the magnitude in 32-bit words either way. Atoms hash by their names
//! (OTP's `atom_hash`, hashpjw over the UTF-8 name with its latin-1 clutch).
//!
//! Pids, ports and references hash their numbers as OTP does, but those numbers differ between
//! VMs anyway; local funs hash beamwasm's FunT index and uniq word, which are stable for a given
//! module but need not be OTP's values.

use num_bigint::Sign;

use crate::abi::bifs::HashBif;

use crate::abi::term::{self, Shape, Term};
use crate::runtime::bifs::badarg;
use crate::runtime::bifs::Raise;
use crate::runtime::data::bits;
use crate::runtime::data::map;
use crate::runtime::term::atoms::AtomTable;
use crate::runtime::term::heap::{Boxed, Heap, TermError};
use crate::runtime::term::value::Value;

fn unsupported(t: Term, what: &'static str) -> Raise {
    Raise::from(TermError::Malformed { term: t, what })
}

/// OTP's `atom_hash`: hashpjw over the UTF-8 name, a two-byte encoding of U+0080..U+00FF
/// counting as its latin-1 byte.
pub fn atom_hash(name: &str) -> u32 {
    let bytes = name.as_bytes();
    let mut h: u32 = 0;
    let mut i = 0;
    while i < bytes.len() {
        let mut v = bytes[i];
        i += 1;
        if i < bytes.len() && (v & 0xFE) == 0xC2 && (bytes[i] & 0xC0) == 0x80 {
            v = (v << 6) | (bytes[i] & 0x3F);
            i += 1;
        }
        h = (h << 4).wrapping_add(v as u32);
        let g = h & 0xF000_0000;
        if g != 0 {
            h ^= g >> 24;
            h ^= g;
        }
    }
    h
}

fn atom_value(atoms: &AtomTable, index: u32, t: Term) -> Result<u32, Raise> {
    atoms
        .name(index)
        .map(atom_hash)
        .ok_or_else(|| unsupported(t, "atom index outside the atom table"))
}

// ---- make_hash2 (phash2) ----

const HCONST: u32 = 0x9e37_79b9;
const HCONST_2: u32 = 0x3c6e_f372;
const HCONST_3: u32 = 0xdaa6_6d2b;
const HCONST_4: u32 = 0x78dd_e6e4;
const HCONST_5: u32 = 0x1715_609d;
const HCONST_6: u32 = 0xb54c_da56;
const HCONST_7: u32 = 0x5384_540f;
const HCONST_9: u32 = 0x8ff3_4781;
const HCONST_10: u32 = 0x2e2a_c13a;
const HCONST_11: u32 = 0xcc62_3af3;
const HCONST_12: u32 = 0x6a99_b4ac;
const HCONST_13: u32 = 0x08d1_2e65;
const HCONST_14: u32 = 0xa708_a81e;
const HCONST_15: u32 = 0x4540_21d7;
const HCONST_16: u32 = 0xe377_9b90;
const HCONST_19: u32 = 0xbe1e_08bb;
const HCONST_8: u32 = 0xf1bb_cdc8;
const HCONST_17: u32 = 0x81af_1549;
const HCONST_18: u32 = 0x1fe6_8f02;
const HCONST_20: u32 = 0x5c55_8274;
const HCONST_21: u32 = 0xfa8c_fc2d;
const HCONST_22: u32 = 0x98c4_75e6;
/// OTP's `NIL_DEF` tag number, which `make_hash2` mixes in for a nested `[]`.
const NIL_DEF: u32 = 2;

/// Bob Jenkins' mix of three 32-bit words.
fn mix(a: &mut u32, b: &mut u32, c: &mut u32) {
    macro_rules! step {
        ($x:ident, $y:ident, $z:ident, $op:tt, $n:literal) => {
            *$x = $x.wrapping_sub(*$y).wrapping_sub(*$z);
            *$x ^= *$z $op $n;
        };
    }
    step!(a, b, c, >>, 13);
    step!(b, c, a, <<, 8);
    step!(c, a, b, >>, 13);
    step!(a, b, c, >>, 12);
    step!(b, c, a, <<, 16);
    step!(c, a, b, >>, 5);
    step!(a, b, c, >>, 3);
    step!(b, c, a, <<, 10);
    step!(c, a, b, >>, 15);
}

fn hash_2(hash: &mut u32, x: u32, y: u32, constant: u32) {
    let mut a = constant.wrapping_add(x);
    let mut b = constant.wrapping_add(y);
    mix(&mut a, &mut b, hash);
}

fn hash_1(hash: &mut u32, x: u32, constant: u32) {
    hash_2(hash, x, 0, constant)
}

fn le32(k: &[u8]) -> u32 {
    k.iter()
        .take(4)
        .enumerate()
        .fold(0, |acc, (i, &b)| acc.wrapping_add((b as u32) << (8 * i)))
}

/// A bitstring of `bits` bits (its bytes in `data`) hashed into `hash`, as `make_hash2` and
/// `make_internal_hash` both do: the whole bytes as a block, then the bits of the last one.
fn bitstring_hash(data: &[u8], bits: u64, mut hash: u32) -> u32 {
    let size = (bits / 8) as usize;
    let rest_bits = (bits % 8) as u32;
    let con = HCONST_13.wrapping_add(hash);
    if size == 0 && rest_bits == 0 {
        return con;
    }
    hash = block_hash(&data[..size], con);
    if rest_bits > 0 {
        let last = (data[size] >> (8 - rest_bits)) as u32;
        hash_2(&mut hash, rest_bits, last, HCONST_15);
    }
    hash
}

/// Jenkins' `block_hash` as OTP uses it for binaries.
fn block_hash(k: &[u8], initval: u32) -> u32 {
    let (mut a, mut b, mut c) = (HCONST, HCONST, initval);
    let mut rest = k;
    while rest.len() >= 12 {
        a = a.wrapping_add(le32(&rest[0..4]));
        b = b.wrapping_add(le32(&rest[4..8]));
        c = c.wrapping_add(le32(&rest[8..12]));
        mix(&mut a, &mut b, &mut c);
        rest = &rest[12..];
    }
    c = c.wrapping_add(k.len() as u32);
    // The tail: bytes 0..4 into a, 4..8 into b, 8..11 into c's upper three bytes.
    for (i, &byte) in rest.iter().enumerate() {
        let byte = byte as u32;
        match i {
            0..=3 => a = a.wrapping_add(byte << (8 * i)),
            4..=7 => b = b.wrapping_add(byte << (8 * (i - 4))),
            _ => c = c.wrapping_add(byte << (8 * (i - 7))),
        }
    }
    mix(&mut a, &mut b, &mut c);
    c
}

enum Work2 {
    Term(Term),
    /// The end of one key-value pair of a map.
    Pair,
    /// The end of a map: the hash and pair accumulator of the enclosing term.
    Tail {
        hash: u32,
        xor: u32,
    },
}

/// The absolute value of an integer term as 32-bit digits, least significant first, and its
/// sign, if `t` is an integer.
fn integer_digits(heap: Heap<'_>, t: Term) -> Result<Option<(bool, Vec<u32>)>, Raise> {
    Ok(heap.integer(t)?.map(|i| {
        let (sign, digits) = i.to_u32_digits();
        (sign == Sign::Minus, digits)
    }))
}

/// The low 32 bits of a reference's number (OTP hashes its first 32-bit number word).
fn reference_word(heap: Heap<'_>, address: u32) -> Result<u32, Raise> {
    Ok(heap.word(address + term::reference::NUMBER)? as u32)
}

/// OTP's `make_hash2`.
pub fn make_hash2(heap: Heap<'_>, atoms: &AtomTable, root: Term) -> Result<u32, Raise> {
    let mut hash: u32 = 0;
    let mut xor: u32 = 0;
    let mut stack = vec![Work2::Term(root)];
    while let Some(work) = stack.pop() {
        let t = match work {
            Work2::Term(t) => t,
            Work2::Pair => {
                xor ^= hash;
                hash = 0;
                continue;
            }
            Work2::Tail {
                hash: saved,
                xor: saved_xor,
            } => {
                hash = saved;
                hash_1(&mut hash, xor, HCONST_19);
                xor = saved_xor;
                continue;
            }
        };
        match term::shape(t) {
            Shape::Small(x) => small_hash2(&mut hash, x),
            Shape::Atom(index) => {
                let value = atom_value(atoms, index, t)?;
                if hash == 0 {
                    hash = value;
                } else {
                    hash_1(&mut hash, value, HCONST_3);
                }
            }
            Shape::Nil => {
                if hash == 0 {
                    hash = 3_468_870_702;
                } else {
                    hash_1(&mut hash, NIL_DEF, HCONST_2);
                }
            }
            Shape::Pid(n) => hash_1(&mut hash, n, HCONST_5),
            Shape::Port(n) => hash_1(&mut hash, n, HCONST_6),
            Shape::Cons(mut cell) => {
                // Runs of byte-sized integers are packed four to a word.
                let mut count = 0;
                let mut packed: u32 = 0;
                loop {
                    let (head, tail) = heap.cons(cell)?;
                    match term::shape(head) {
                        Shape::Small(b) if (0..=255).contains(&b) => {
                            packed = (packed << 8).wrapping_add(b as u32);
                            if count == 3 {
                                hash_1(&mut hash, packed, HCONST_4);
                                count = 0;
                                packed = 0;
                            } else {
                                count += 1;
                            }
                            match term::shape(tail) {
                                Shape::Cons(next) => cell = next,
                                _ => {
                                    if count > 0 {
                                        hash_1(&mut hash, packed, HCONST_4);
                                    }
                                    stack.push(Work2::Term(tail));
                                    break;
                                }
                            }
                        }
                        _ => {
                            if count > 0 {
                                hash_1(&mut hash, packed, HCONST_4);
                            }
                            stack.push(Work2::Term(tail));
                            stack.push(Work2::Term(head));
                            break;
                        }
                    }
                }
            }
            Shape::Boxed(address) => {
                if let Some(view) = bits::view(heap, t)? {
                    hash = bitstring_hash(&bits::extract(heap, &view)?, view.size, hash);
                    continue;
                }
                match heap.boxed(t, address)? {
                    Boxed::Tuple { arity, elements } => {
                        hash_1(&mut hash, arity, HCONST_9);
                        for i in (0..arity).rev() {
                            stack.push(Work2::Term(heap.word(elements + term::word(i))?));
                        }
                    }
                    Boxed::BigInt { .. } => {
                        let Some((negative, digits)) = integer_digits(heap, t)? else {
                            return Err(unsupported(t, "a bignum that is not an integer"));
                        };
                        big_hash2(&mut hash, negative, &digits);
                    }
                    Boxed::Float(bits) => {
                        let f = f64::from_bits(bits);
                        // -0.0 hashes as 0.0 in OTP 25.
                        let bits = if f == 0.0 { 0 } else { bits };
                        hash_2(&mut hash, (bits >> 32) as u32, bits as u32, HCONST_12);
                    }
                    Boxed::Map { .. } | Boxed::LargeMap { .. } => {
                        let entries = map::entries_of(heap, t)?;
                        hash_1(&mut hash, entries.len() as u32, HCONST_16);
                        if !entries.is_empty() {
                            stack.push(Work2::Tail { hash, xor });
                            hash = 0;
                            xor = 0;
                            for &(k, v) in entries.iter().rev() {
                                stack.push(Work2::Pair);
                                stack.push(Work2::Term(v));
                                stack.push(Work2::Term(k));
                            }
                        }
                    }
                    Boxed::ExternalFun {
                        module,
                        function,
                        arity,
                    } => {
                        let (m, f) = (atom_of(atoms, module)?, atom_of(atoms, function)?);
                        let arity = small_of(arity)?;
                        hash_2(&mut hash, arity, m, HCONST);
                        hash_1(&mut hash, f, HCONST_14);
                    }
                    Boxed::LocalFun {
                        index,
                        module,
                        uniq,
                        free,
                        num_free,
                        ..
                    } => {
                        hash_2(&mut hash, num_free, atom_of(atoms, module)?, HCONST);
                        hash_2(&mut hash, index, small_of(uniq)?, HCONST);
                        for i in (0..num_free).rev() {
                            stack.push(Work2::Term(heap.word(free + term::word(i))?));
                        }
                    }
                    Boxed::Other { tag } if tag == term::boxed::REFERENCE => {
                        hash_1(&mut hash, reference_word(heap, address)?, HCONST_7);
                    }
                    _ => return Err(unsupported(t, "phash2 of a term that is not a value")),
                }
            }
            Shape::NotATerm => return Err(unsupported(t, "phash2 of a word that is not a term")),
        }
    }
    Ok(hash)
}

/// OTP's "small small" range: integers of 28 bits (signed), which `make_hash2` mixes as a
/// 32-bit word (`IS_SSMALL28`).
const SSMALL28_MIN: i64 = -(1 << 27);
const SSMALL28_MAX: i64 = (1 << 27) - 1;

/// A small integer as `make_hash2` mixes it: a 28-bit one as a signed 32-bit word, a larger
/// one as the bignum of its value (`NOT_SSMALL28_HASH`).
fn small_hash2(hash: &mut u32, x: i64) {
    if !(SSMALL28_MIN..=SSMALL28_MAX).contains(&x) {
        let magnitude = x.unsigned_abs();
        big_hash2(hash, x < 0, &[magnitude as u32, (magnitude >> 32) as u32]);
        return;
    }
    let x = x as i32;
    if x < 0 {
        hash_1(hash, x.wrapping_neg() as u32, HCONST);
    }
    hash_1(hash, x as u32, HCONST);
}

/// The magnitude's 32-bit digits, least significant first, mixed as 64-bit digits (low word,
/// high word). A value within 28 bits hashes as a small (one a bignum never holds here, but
/// the rule is OTP's).
fn big_hash2(hash: &mut u32, negative: bool, digits: &[u32]) {
    if digits.len() <= 2 {
        let low = digits.first().copied().unwrap_or(0) as u64;
        let high = digits.get(1).copied().unwrap_or(0) as u64;
        let magnitude = low | (high << 32);
        if magnitude <= SSMALL28_MAX as u64 + negative as u64 {
            let v = magnitude as i64;
            small_hash2(hash, if negative { -v } else { v });
            return;
        }
    }
    let con = if negative { HCONST_10 } else { HCONST_11 };
    if digits.is_empty() {
        hash_2(hash, 0, 0, con);
    }
    for pair in digits.chunks(2) {
        hash_2(hash, pair[0], pair.get(1).copied().unwrap_or(0), con);
    }
}

fn atom_of(atoms: &AtomTable, t: Term) -> Result<u32, Raise> {
    match term::shape(t) {
        Shape::Atom(index) => atom_value(atoms, index, t),
        _ => Err(unsupported(t, "fun with a module that is not an atom")),
    }
}

fn small_of(t: Term) -> Result<u32, Raise> {
    match term::shape(t) {
        Shape::Small(v) => Ok(v as u32),
        _ => Err(unsupported(t, "fun with a non-integer arity or uniq")),
    }
}

// ---- make_internal_hash (the order of large maps) ----

/// OTP's `INTERNAL_HASH_SALT`, the start of every internal hash.
const INTERNAL_HASH_SALT: u32 = 3_432_918_353;

/// OTP's words of the immediates `make_internal_hash` mixes as they are: a small integer is
/// `v << 4 | 0xF` (beamwasm's word too), `[]` is `0x3B`, an atom `index << 6 | 0x0B`, a pid
/// `n << 4 | 0x3`, a port `n << 4 | 0x7`.
fn otp_immediate_word(t: Term) -> Option<u64> {
    Some(match term::shape(t) {
        Shape::Small(v) => ((v << 4) | 0xF) as u64,
        Shape::Nil => 0x3B,
        Shape::Atom(index) => ((index as u64) << 6) | 0x0B,
        Shape::Pid(n) => ((n as u64) << 4) | 0x3,
        Shape::Port(n) => ((n as u64) << 4) | 0x7,
        _ => return None,
    })
}

enum InternalWork {
    Term(Term),
    /// A cons cell given by its head and tail (the first one may be no cell on the heap:
    /// the salted `[Level | Key]`).
    Cons(Term, Term),
    /// The end of a list whose last tail is no list.
    Cdr,
}

/// OTP 25's `make_internal_hash(Term, 0)` on a 64-bit VM, by which a map of more than 32 keys
/// orders its keys (`hashmap_make_hash`); with `level > 0`, the hash of `[level | Term]`, which
/// OTP's HAMT takes for its levels `8 * level` and deeper (`hashmap_restore_hash`).
///
/// Immediates are mixed as OTP's words for them, so integers (small ones and bignums of 64-bit
/// digits) hash exactly as on OTP, and so do floats (-0.0 as 0.0), binaries, lists, tuples and
/// maps built of them. Atoms, pids and ports are words holding an index, which here is beamwasm's:
/// OTP's depends on the order the running VM created them in. Funs and references mix beamwasm's
/// numbers for them in OTP's manner.
pub fn internal_hash(heap: Heap<'_>, root: Term, level: u32) -> Result<u32, TermError> {
    let mut hash: u32 = INTERNAL_HASH_SALT;
    let const_hash = |hash: &mut u32, constant: u32| {
        *hash ^= constant;
        *hash = hash.rotate_left(17);
    };
    let mut stack = vec![if level == 0 {
        InternalWork::Term(root)
    } else {
        InternalWork::Cons(term::small(level as i64), root)
    }];
    while let Some(work) = stack.pop() {
        let t = match work {
            InternalWork::Term(t) => t,
            InternalWork::Cdr => {
                const_hash(&mut hash, HCONST_18);
                continue;
            }
            InternalWork::Cons(mut head, mut tail) => {
                // Runs of byte-sized integers are packed four to a word.
                let (mut count, mut packed) = (0u32, 0u32);
                loop {
                    match term::shape(head) {
                        Shape::Small(b) if (0..=255).contains(&b) => {
                            packed = (packed << 8).wrapping_add(b as u32);
                            if count == 3 {
                                hash_1(&mut hash, packed, HCONST_4);
                                (count, packed) = (0, 0);
                            } else {
                                count += 1;
                            }
                            if let Shape::Cons(next) = term::shape(tail) {
                                (head, tail) = heap.cons(next)?;
                                continue;
                            }
                            if count > 0 {
                                hash_2(&mut hash, packed, count, HCONST_22);
                            }
                            stack.push(InternalWork::Term(tail));
                        }
                        _ => {
                            if count > 0 {
                                hash_2(&mut hash, packed, count, HCONST_22);
                            }
                            const_hash(&mut hash, HCONST_17);
                            stack.push(InternalWork::Term(tail));
                            if !matches!(term::shape(tail), Shape::Cons(_)) {
                                stack.push(InternalWork::Cdr);
                            }
                            stack.push(InternalWork::Term(head));
                        }
                    }
                    break;
                }
                continue;
            }
        };
        if let Some(word) = otp_immediate_word(t) {
            hash_2(&mut hash, word as u32, (word >> 32) as u32, HCONST);
            continue;
        }
        let address = match term::shape(t) {
            Shape::Cons(cell) => {
                let (head, tail) = heap.cons(cell)?;
                stack.push(InternalWork::Cons(head, tail));
                continue;
            }
            Shape::Boxed(address) => address,
            _ => return Err(malformed(t, "hashing a word that is not a term")),
        };
        if let Some(view) = bits::view(heap, t)? {
            hash = bitstring_hash(&bits::extract(heap, &view)?, view.size, hash);
            continue;
        }
        match heap.boxed(t, address)? {
            Boxed::Tuple { arity, elements } => {
                hash_1(&mut hash, arity, HCONST_9);
                for i in (0..arity).rev() {
                    stack.push(InternalWork::Term(heap.word(elements + term::word(i))?));
                }
            }
            Boxed::BigInt { .. } => {
                let Some(i) = heap.integer(t)? else {
                    return Err(malformed(t, "a bignum that is not an integer"));
                };
                let (sign, digits) = i.to_u64_digits();
                let con = if sign == Sign::Minus {
                    HCONST_10
                } else {
                    HCONST_11
                };
                for digit in digits {
                    hash_2(&mut hash, digit as u32, (digit >> 32) as u32, con);
                }
            }
            Boxed::Float(bits) => {
                // -0.0 hashes as 0.0.
                let bits = if f64::from_bits(bits) == 0.0 { 0 } else { bits };
                hash_2(&mut hash, bits as u32, (bits >> 32) as u32, HCONST_12);
            }
            Boxed::Map { .. } | Boxed::LargeMap { .. } => {
                // Keys and values in the map's own order: a flatmap's key order, a large
                // map's HAMT order from its last slot (OTP pushes its slots in order).
                let map = map::map_ref(heap, t)?.ok_or_else(|| malformed(t, "not a map"))?;
                hash_1(&mut hash, map.size(), HCONST_16);
                let mut entries = map::entries(heap, map)?;
                if matches!(map, map::MapRef::Tree { .. }) {
                    entries.reverse();
                }
                for (k, v) in entries.into_iter().rev() {
                    stack.push(InternalWork::Term(v));
                    stack.push(InternalWork::Term(k));
                }
            }
            Boxed::ExternalFun {
                module,
                function,
                arity,
            } => {
                // OTP mixes the address of the export entry; beamwasm its words.
                let words = [module, function, arity].map(|w| otp_immediate_word(w).unwrap_or(0));
                hash_2(&mut hash, words[0] as u32, words[1] as u32, HCONST_14);
                hash_1(&mut hash, words[2] as u32, HCONST_14);
            }
            Boxed::LocalFun {
                index,
                module,
                uniq,
                free,
                num_free,
                ..
            } => {
                let module = otp_immediate_word(module).unwrap_or(0) as u32;
                let uniq = otp_immediate_word(uniq).unwrap_or(0) >> 4;
                hash_2(&mut hash, num_free, module, HCONST_20);
                hash_2(&mut hash, index, uniq as u32, HCONST_21);
                for i in (0..num_free).rev() {
                    stack.push(InternalWork::Term(heap.word(free + term::word(i))?));
                }
            }
            Boxed::Other { tag } if tag == term::boxed::REFERENCE => {
                let number = heap.word(address + term::reference::NUMBER)?;
                hash_1(&mut hash, number as u32, HCONST_7);
                hash_2(&mut hash, (number >> 32) as u32, 0, HCONST_8);
            }
            _ => return Err(malformed(t, "hashing a term that is no value")),
        }
    }
    Ok(hash)
}

fn malformed(term: Term, what: &'static str) -> TermError {
    TermError::Malformed { term, what }
}

// ---- make_hash (phash) ----

const FUNNY_NUMBER1: u32 = 268_440_163;
const FUNNY_NUMBER2: u32 = 268_439_161;
const FUNNY_NUMBER3: u32 = 268_435_459;
const FUNNY_NUMBER4: u32 = 268_436_141;
const FUNNY_NUMBER5: u32 = 268_438_633;
const FUNNY_NUMBER6: u32 = 268_437_017;
const FUNNY_NUMBER8: u32 = 268_437_511;
const FUNNY_NUMBER9: u32 = 268_439_627;
const FUNNY_NUMBER10: u32 = 268_440_479;
const FUNNY_NUMBER11: u32 = 268_440_577;
const FUNNY_NUMBER12: u32 = 268_440_581;
const FUNNY_NUMBER13: u32 = 268_440_593;
const FUNNY_NUMBER14: u32 = 268_440_611;

fn step(hash: u32, prime: u32, x: u32) -> u32 {
    hash.wrapping_mul(prime).wrapping_add(x)
}

/// `hash` stepped over the four bytes of `x`, least significant first.
fn step_bytes(hash: u32, prime: u32, x: u32) -> u32 {
    x.to_le_bytes()
        .iter()
        .fold(hash, |h, &b| step(h, prime, b as u32))
}

enum Work1 {
    Term(Term),
    /// A list element: a byte is hashed more simply than an integer elsewhere.
    Element(Term),
    ListEnd,
    TupleEnd(u32),
}

/// OTP's `make_hash`.
pub fn make_hash(heap: Heap<'_>, atoms: &AtomTable, root: Term) -> Result<u32, Raise> {
    let mut hash: u32 = 0;
    let mut stack = vec![Work1::Term(root)];
    while let Some(work) = stack.pop() {
        let t = match work {
            Work1::Term(t) => t,
            Work1::Element(t) => match term::shape(t) {
                Shape::Small(b) if (0..=255).contains(&b) => {
                    hash = step(hash, FUNNY_NUMBER2, b as u32);
                    continue;
                }
                _ => t,
            },
            Work1::ListEnd => {
                hash = hash.wrapping_mul(FUNNY_NUMBER8);
                continue;
            }
            Work1::TupleEnd(arity) => {
                hash = step(hash, FUNNY_NUMBER9, arity);
                continue;
            }
        };
        match term::shape(t) {
            Shape::Nil => hash = step(hash, FUNNY_NUMBER3, 1),
            Shape::Atom(index) => hash = step(hash, FUNNY_NUMBER1, atom_value(atoms, index, t)?),
            Shape::Small(_) => {
                let Some((negative, digits)) = integer_digits(heap, t)? else {
                    return Err(unsupported(t, "a small that is not an integer"));
                };
                hash = integer_hash(hash, negative, &digits);
            }
            Shape::Pid(n) => hash = step_bytes(hash, FUNNY_NUMBER5, n).wrapping_mul(FUNNY_NUMBER6),
            Shape::Port(n) => {
                hash = step_bytes(hash, FUNNY_NUMBER9, n).wrapping_mul(FUNNY_NUMBER10)
            }
            Shape::Cons(mut cell) => {
                let mut elements = Vec::new();
                let tail = loop {
                    let (head, tail) = heap.cons(cell)?;
                    elements.push(head);
                    match term::shape(tail) {
                        Shape::Cons(next) => cell = next,
                        _ => break tail,
                    }
                };
                stack.push(Work1::ListEnd);
                stack.push(Work1::Term(tail));
                stack.extend(elements.into_iter().rev().map(Work1::Element));
            }
            Shape::Boxed(address) => {
                if let Some(view) = bits::view(heap, t)? {
                    let data = bits::extract(heap, &view)?;
                    let size = (view.size / 8) as usize;
                    let rest_bits = (view.size % 8) as u32;
                    for &b in &data[..size] {
                        hash = step(hash, FUNNY_NUMBER1, b as u32);
                    }
                    if rest_bits > 0 {
                        let last = (data[size] >> (8 - rest_bits)) as u32;
                        hash = step(step(hash, FUNNY_NUMBER1, last), FUNNY_NUMBER12, rest_bits);
                    }
                    hash = step(hash, FUNNY_NUMBER4, size as u32);
                    continue;
                }
                match heap.boxed(t, address)? {
                    Boxed::Tuple { arity, elements } => {
                        stack.push(Work1::TupleEnd(arity));
                        for i in (0..arity).rev() {
                            stack.push(Work1::Term(heap.word(elements + term::word(i))?));
                        }
                    }
                    Boxed::BigInt { .. } => {
                        let Some((negative, digits)) = integer_digits(heap, t)? else {
                            return Err(unsupported(t, "a bignum that is not an integer"));
                        };
                        hash = integer_hash(hash, negative, &digits);
                    }
                    Boxed::Float(bits) => {
                        let f = f64::from_bits(bits);
                        let bits = if f == 0.0 { 0 } else { bits };
                        hash = step(hash, FUNNY_NUMBER6, (bits as u32) ^ ((bits >> 32) as u32));
                    }
                    Boxed::Map { .. } | Boxed::LargeMap { .. } => {
                        let inner = make_hash2(heap, atoms, t)?;
                        hash = hash
                            .wrapping_mul(FUNNY_NUMBER13)
                            .wrapping_add(FUNNY_NUMBER14)
                            .wrapping_add(inner);
                    }
                    Boxed::ExternalFun {
                        module,
                        function,
                        arity,
                    } => {
                        hash = step(hash, FUNNY_NUMBER11, small_of(arity)?);
                        hash = step(hash, FUNNY_NUMBER1, atom_of(atoms, module)?);
                        hash = step(hash, FUNNY_NUMBER1, atom_of(atoms, function)?);
                    }
                    Boxed::LocalFun {
                        index,
                        module,
                        uniq,
                        free,
                        num_free,
                        ..
                    } => {
                        hash = step(hash, FUNNY_NUMBER10, num_free);
                        hash = step(hash, FUNNY_NUMBER1, atom_of(atoms, module)?);
                        hash = step(hash, FUNNY_NUMBER2, index);
                        hash = step(hash, FUNNY_NUMBER2, small_of(uniq)?);
                        for i in (0..num_free).rev() {
                            stack.push(Work1::Term(heap.word(free + term::word(i))?));
                        }
                    }
                    Boxed::Other { tag } if tag == term::boxed::REFERENCE => {
                        let word = reference_word(heap, address)?;
                        hash = step_bytes(hash, FUNNY_NUMBER9, word).wrapping_mul(FUNNY_NUMBER10);
                    }
                    _ => return Err(unsupported(t, "phash of a term that is not a value")),
                }
            }
            Shape::NotATerm => return Err(unsupported(t, "phash of a word that is not a term")),
        }
    }
    Ok(hash)
}

/// An integer as `make_hash` sees it: the bytes of its absolute value, least significant
/// first, in whole 32-bit words (at least one), then its sign.
fn integer_hash(mut hash: u32, negative: bool, digits: &[u32]) -> u32 {
    if digits.is_empty() {
        hash = step_bytes(hash, FUNNY_NUMBER2, 0);
    }
    for &d in digits {
        hash = step_bytes(hash, FUNNY_NUMBER2, d);
    }
    hash.wrapping_mul(if negative {
        FUNNY_NUMBER4
    } else {
        FUNNY_NUMBER3
    })
}

/// A range argument: `Some(0)` for 2^32 (no reduction), `None` when it is not 1..=2^32.
fn range(heap: Heap<'_>, t: Term) -> Result<Option<u32>, Raise> {
    let Some(i) = heap.integer(t)? else {
        return Ok(None);
    };
    let (sign, digits) = i.to_u32_digits();
    Ok(match (sign, digits.as_slice()) {
        (Sign::Plus, [n]) => Some(*n),
        (Sign::Plus, [0, 1]) => Some(0),
        _ => None,
    })
}

/// `erlang:phash/2` and `erlang:phash2/1,2` (`bifs::erlang::call` hands them here).
pub(crate) fn eval(
    bif: HashBif,
    heap: Heap<'_>,
    atoms: &mut AtomTable,
    args: &[Term],
) -> Result<Value, Raise> {
    let arg = |i: usize| args.get(i).copied().unwrap_or(term::NIL);
    match bif {
        HashBif::Phash2_1 => {
            let hash = make_hash2(heap, atoms, arg(0))?;
            // phash2/1's range is 2^27 (OTP's, not a small-integer width).
            Ok(Value::small((hash & ((1 << 27) - 1)) as i64))
        }
        HashBif::Phash2_2 => {
            let Some(range) = range(heap, arg(1))? else {
                return Err(badarg(atoms));
            };
            let hash = make_hash2(heap, atoms, arg(0))?;
            let result = if range == 0 { hash } else { hash % range };
            Ok(Value::Int(result.into()))
        }
        HashBif::Phash => {
            let Some(range) = range(heap, arg(1))? else {
                return Err(badarg(atoms));
            };
            let hash = make_hash(heap, atoms, arg(0))?;
            let result = if range == 0 {
                hash as u64 + 1
            } else {
                (hash % range) as u64 + 1
            };
            Ok(Value::Int(result.into()))
        }
    }
}

#[cfg(test)]
mod tests {
    use num_bigint::BigInt;

    use super::*;
    use crate::runtime::term::heap::HeapWriter;

    /// `value` written as a one-digit bignum whatever its size: the representation a 32-bit
    /// beamwasm (or OTP) would have had for integers past 28 bits.
    fn one_digit_bignum(w: &mut HeapWriter<'_>, value: i64) -> Term {
        let tag = if value < 0 {
            term::boxed::NEG_BIGNUM
        } else {
            term::boxed::POS_BIGNUM
        };
        let address = w.alloc(2).unwrap();
        w.set_word(address, term::header(1, tag)).unwrap();
        w.set_word(address + term::bignum::DIGITS, value.unsigned_abs())
            .unwrap();
        term::boxed(address)
    }

    /// 64-bit OTP hashes integers by value: a small past 28 bits like the bignum of its value
    /// (`NOT_SSMALL28_HASH`), so the same integer held either way hashes the same, alone and
    /// nested (where the hash so far is mixed in).
    #[test]
    fn integers_hash_by_value_not_by_representation() {
        let mut memory = vec![0u8; 8192];
        let atoms = AtomTable::new();
        let mut w = HeapWriter::new(&mut memory, 64, 8192);
        let values = [
            (1 << 27) - 1,
            1 << 27,
            -(1 << 27),
            -(1 << 27) - 1,
            1 << 31,
            1 << 32,
            -(1 << 40),
            term::SMALL_MAX,
            term::SMALL_MIN,
        ];
        let mut pairs = Vec::new();
        for value in values {
            let small = w.integer(&BigInt::from(value)).unwrap();
            assert_eq!(term::shape(small), Shape::Small(value));
            let big = one_digit_bignum(&mut w, value);
            let nested_small = w.tuple(&[term::NIL, small]).unwrap();
            let nested_big = w.tuple(&[term::NIL, big]).unwrap();
            pairs.push((value, small, big));
            pairs.push((value, nested_small, nested_big));
        }
        let heap = w.heap();
        for (value, small, big) in pairs {
            assert_eq!(
                make_hash2(heap, &atoms, small).unwrap(),
                make_hash2(heap, &atoms, big).unwrap(),
                "phash2 of {value}"
            );
            assert_eq!(
                make_hash(heap, &atoms, small).unwrap(),
                make_hash(heap, &atoms, big).unwrap(),
                "phash of {value}"
            );
        }
    }

    /// The 28-bit line of `make_hash2`: inside, a signed 32-bit word (negative ones mixed
    /// twice); outside, a 64-bit digit of the magnitude with the sign's constant.
    #[test]
    fn make_hash2_mixes_small_smalls_as_32_bit_words() {
        let expect = |x: i64| {
            let mut hash = 0;
            if (SSMALL28_MIN..=SSMALL28_MAX).contains(&x) {
                if x < 0 {
                    hash_1(&mut hash, (x as i32).wrapping_neg() as u32, HCONST);
                }
                hash_1(&mut hash, x as i32 as u32, HCONST);
            } else {
                let m = x.unsigned_abs();
                let con = if x < 0 { HCONST_10 } else { HCONST_11 };
                hash_2(&mut hash, m as u32, (m >> 32) as u32, con);
            }
            hash
        };
        let heap = Heap::new(&[]);
        let atoms = AtomTable::new();
        for x in [
            0,
            1,
            -1,
            (1 << 27) - 1,
            1 << 27,
            -(1 << 27),
            -(1 << 27) - 1,
            1 << 40,
            term::SMALL_MIN,
        ] {
            assert_eq!(
                make_hash2(heap, &atoms, term::small(x)).unwrap(),
                expect(x),
                "{x}"
            );
        }
        // A bignum just past the smalls: two 32-bit halves of one 64-bit digit.
        let mut memory = vec![0u8; 1024];
        let mut w = HeapWriter::new(&mut memory, 64, 1024);
        let big = w.integer(&BigInt::from(1i64 << 60)).unwrap();
        assert!(matches!(term::shape(big), Shape::Boxed(_)));
        let mut hash = 0;
        hash_2(&mut hash, 0, 1 << 28, HCONST_11);
        assert_eq!(make_hash2(w.heap(), &atoms, big).unwrap(), hash);
    }

    #[test]
    fn atom_hash_is_hashpjw() {
        assert_eq!(atom_hash(""), 0);
        assert_eq!(atom_hash("a"), 97);
        assert_eq!(atom_hash("ab"), (97 << 4) + 98);
        // latin-1 characters count as their byte.
        assert_eq!(atom_hash("\u{e9}"), 0xe9);
    }
}
