//! A term under construction on the host side: what a BIF computes before it is written to the
//! process heap. Existing terms are kept by reference (`Value::Term`), so `setelement` on a big
//! record copies one tuple, not everything it points to; the collector treats those references
//! as roots while it makes room.

use num_bigint::BigInt;

use crate::abi::term::{self, Term};
use crate::runtime::term::heap::{HeapWriter, TermError};

#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// A term that already exists (immediate or on a heap).
    Term(Term),
    Int(BigInt),
    Float(f64),
    Tuple(Vec<Value>),
    /// Elements and tail.
    List(Vec<Value>, Box<Value>),
    /// A reference: `[header (size 1), its number]` (`term::reference`).
    Reference(u64),
    /// `fun M:F/A` (atom, atom and small integer terms).
    ExternalFun {
        module: Term,
        function: Term,
        arity: Term,
    },
    /// A local fun (`docs/abi.md` §3.2): its entry continuation, info word, module atom,
    /// `old_uniq` and creator (immediates), and its free variables.
    LocalFun {
        entry: u64,
        info: u64,
        module: Term,
        uniq: Term,
        creator: Term,
        free: Vec<Value>,
    },
    /// A map of at most 32 keys (`runtime::data::map`): its keys tuple (an existing one is shared)
    /// and its values, in map key order.
    FlatMap(Box<Value>, Vec<Value>),
    /// A map of more than 32 keys: its size and the root node of its tree (`runtime::data::map`).
    LargeMap(u32, Box<Value>),
    /// A bitstring of `bits` bits, left-aligned in `data`: a heap binary, plus a sub binary
    /// when `bits` is not a multiple of 8 (`docs/abi.md` §3.1). `memory::heap_alloc::write_value` moves large
    /// ones off-heap first (`OffHeap`).
    Bitstring {
        data: Vec<u8>,
        bits: u64,
    },
    /// A bitstring in an off-heap block (`data` points at its first byte): a refc binary,
    /// plus a sub binary when `bits` is not a multiple of 8 or `wrap` (a writable binary,
    /// whose refc binary is never handed out: appends may grow it in place).
    OffHeap {
        data: u32,
        bits: u64,
        wrap: bool,
    },
    /// `bits` bits at bit `offset` of the heap or refc binary `original`.
    SubBinary {
        original: Term,
        offset: u32,
        bits: u32,
    },
    /// A match state over the heap or refc binary `original`.
    MatchState {
        original: Term,
        position: u32,
        end: u32,
    },
}

/// Words of a sub binary or a match state, its header included.
const SUB_BINARY_WORDS: u64 = 1 + term::sub_binary::WORDS as u64;

impl Value {
    pub fn atom(index: u32) -> Value {
        Value::Term(term::atom(index))
    }

    pub fn boolean(b: bool) -> Value {
        Value::Term(term::boolean(b))
    }

    pub fn small(v: i64) -> Value {
        Value::Term(term::small(v))
    }

    pub fn proper_list(elements: Vec<Value>) -> Value {
        Value::List(elements, Box::new(Value::Term(term::NIL)))
    }

    /// Heap words needed to write this value.
    pub fn words(&self) -> u64 {
        match self {
            Value::Term(_) => 0,
            Value::Int(i) => match i64::try_from(i) {
                Ok(v) if term::fits_small(v) => 0,
                _ => 1 + i.to_u64_digits().1.len() as u64,
            },
            Value::Float(_) => 1 + term::float::WORDS as u64,
            Value::ExternalFun { .. } => term::fun::EXTERNAL_WORDS as u64,
            Value::LocalFun { free, .. } => {
                term::fun::LOCAL_WORDS as u64
                    + free.len() as u64
                    + free.iter().map(Value::words).sum::<u64>()
            }
            Value::Reference(_) => 1 + term::reference::WORDS as u64,
            Value::Tuple(elements) => {
                1 + elements.len() as u64 + elements.iter().map(Value::words).sum::<u64>()
            }
            Value::List(elements, tail) => {
                2 * elements.len() as u64
                    + elements.iter().map(Value::words).sum::<u64>()
                    + tail.words()
            }
            Value::FlatMap(keys, values) => {
                2 + values.len() as u64
                    + keys.words()
                    + values.iter().map(Value::words).sum::<u64>()
            }
            Value::LargeMap(_, root) => 3 + root.words(),
            Value::Bitstring { data, bits } => {
                2 + (data.len() as u64).div_ceil(term::WORD_BYTES as u64)
                    + if bits % 8 != 0 { SUB_BINARY_WORDS } else { 0 }
            }
            Value::OffHeap { bits, wrap, .. } => {
                1 + term::refc_binary::WORDS as u64
                    + if bits % 8 != 0 || *wrap {
                        SUB_BINARY_WORDS
                    } else {
                        0
                    }
            }
            Value::SubBinary { .. } | Value::MatchState { .. } => SUB_BINARY_WORDS,
        }
    }

    /// The existing terms this value refers to, in a fixed order (see `replace_terms`).
    pub fn terms(&self, out: &mut Vec<Term>) {
        match self {
            Value::Term(t) => out.push(*t),
            Value::Int(_) | Value::Float(_) | Value::ExternalFun { .. } | Value::Reference(_) => {}
            Value::Tuple(elements) | Value::LocalFun { free: elements, .. } => {
                elements.iter().for_each(|e| e.terms(out))
            }
            Value::List(elements, tail) => {
                elements.iter().for_each(|e| e.terms(out));
                tail.terms(out);
            }
            Value::FlatMap(keys, values) => {
                keys.terms(out);
                values.iter().for_each(|v| v.terms(out));
            }
            Value::LargeMap(_, root) => root.terms(out),
            Value::Bitstring { .. } | Value::OffHeap { .. } => {}
            Value::SubBinary { original, .. } | Value::MatchState { original, .. } => {
                out.push(*original)
            }
        }
    }

    /// Replaces the existing terms, in `terms` order, e.g. after the collector moved them.
    pub fn replace_terms(&mut self, moved: &mut impl Iterator<Item = Term>) {
        match self {
            Value::Term(t) => *t = moved.next().unwrap_or(*t),
            Value::Int(_) | Value::Float(_) | Value::ExternalFun { .. } | Value::Reference(_) => {}
            Value::Tuple(elements) | Value::LocalFun { free: elements, .. } => {
                elements.iter_mut().for_each(|e| e.replace_terms(moved))
            }
            Value::List(elements, tail) => {
                elements.iter_mut().for_each(|e| e.replace_terms(moved));
                tail.replace_terms(moved);
            }
            Value::FlatMap(keys, values) => {
                keys.replace_terms(moved);
                values.iter_mut().for_each(|v| v.replace_terms(moved));
            }
            Value::LargeMap(_, root) => root.replace_terms(moved),
            Value::Bitstring { .. } | Value::OffHeap { .. } => {}
            Value::SubBinary { original, .. } | Value::MatchState { original, .. } => {
                *original = moved.next().unwrap_or(*original)
            }
        }
    }

    pub fn write(&self, w: &mut HeapWriter<'_>) -> Result<Term, TermError> {
        match self {
            Value::Term(t) => Ok(*t),
            Value::Int(i) => w.integer(i),
            Value::Float(f) => w.float(*f),
            Value::Reference(r) => crate::runtime::process::write_reference(w, *r),
            Value::ExternalFun {
                module,
                function,
                arity,
            } => {
                let address = w.alloc(term::fun::EXTERNAL_WORDS)?;
                w.set_word(
                    address,
                    term::header(term::fun::EXTERNAL_WORDS - 1, term::boxed::FUN),
                )?;
                w.set_word(address + term::word(1), *module)?;
                w.set_word(address + term::word(2), *function)?;
                w.set_word(address + term::word(3), *arity)?;
                Ok(term::boxed(address))
            }
            Value::LocalFun {
                entry,
                info,
                module,
                uniq,
                creator,
                free,
            } => {
                let variables = free
                    .iter()
                    .map(|v| v.write(w))
                    .collect::<Result<Vec<_>, _>>()?;
                let size = term::fun::LOCAL_WORDS + variables.len() as u32;
                let address = w.alloc(size)?;
                w.set_word(address, term::header(size - 1, term::boxed::FUN))?;
                w.set_word(address + term::fun::ENTRY, *entry)?;
                w.set_word(address + term::fun::INFO, *info)?;
                w.set_word(address + term::fun::MODULE, *module)?;
                w.set_word(address + term::fun::UNIQ, *uniq)?;
                w.set_word(address + term::fun::CREATOR, *creator)?;
                for (i, v) in variables.into_iter().enumerate() {
                    w.set_word(address + term::fun::free(i as u32), v)?;
                }
                Ok(term::boxed(address))
            }
            Value::Tuple(elements) => {
                let terms = elements
                    .iter()
                    .map(|e| e.write(w))
                    .collect::<Result<Vec<_>, _>>()?;
                w.tuple(&terms)
            }
            Value::List(elements, tail) => {
                let tail = tail.write(w)?;
                let terms = elements
                    .iter()
                    .map(|e| e.write(w))
                    .collect::<Result<Vec<_>, _>>()?;
                w.list(&terms, tail)
            }
            Value::FlatMap(keys, values) => {
                let keys = keys.write(w)?;
                let values = values
                    .iter()
                    .map(|v| v.write(w))
                    .collect::<Result<Vec<_>, _>>()?;
                w.flatmap(keys, &values)
            }
            Value::LargeMap(size, root) => {
                let root = root.write(w)?;
                w.large_map(*size, root)
            }
            Value::Bitstring { data, bits } => {
                let binary = w.binary(data)?;
                if bits % 8 == 0 {
                    Ok(binary)
                } else {
                    w.sub_binary(binary, 0, *bits as u32)
                }
            }
            Value::OffHeap { data, bits, wrap } => {
                let binary = w.refc_binary(*data, bits.div_ceil(8) as u32)?;
                if bits % 8 == 0 && !wrap {
                    Ok(binary)
                } else {
                    w.sub_binary(binary, 0, *bits as u32)
                }
            }
            Value::SubBinary {
                original,
                offset,
                bits,
            } => w.sub_binary(*original, *offset, *bits),
            Value::MatchState {
                original,
                position,
                end,
            } => w.match_state(*original, *position, *end),
        }
    }
}

/// An integer as a float the way OTP converts a bignum (`big_to_double`): its 64-bit digits
/// accumulated from the most significant, each step rounded, which is not always the nearest
/// float (`float/1`, mixed arithmetic and `math` all read integers so). Infinite past the
/// largest float, where OTP raises.
pub fn integer_to_f64(i: &BigInt) -> f64 {
    let (sign, digits) = i.to_u64_digits();
    let magnitude = digits.iter().rev().fold(0.0f64, |d, &digit| {
        d * 18_446_744_073_709_551_616.0 + digit as f64
    });
    match sign {
        num_bigint::Sign::Minus => -magnitude,
        _ => magnitude,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runtime::term::heap::HeapWriter;

    #[test]
    fn words_match_what_write_allocates() {
        let values = [
            Value::Tuple(vec![Value::small(1); 5]),
            Value::proper_list(vec![
                Value::Float(1.5),
                Value::Int(BigInt::from(1) << 80usize),
                Value::Int(BigInt::from(term::SMALL_MAX) + 1),
                Value::Int(BigInt::from(term::SMALL_MIN)),
                Value::Reference(1 << 40),
            ]),
            Value::Tuple(vec![Value::Tuple(vec![]), Value::Term(term::NIL)]),
            Value::Int(BigInt::from(7)),
            Value::Bitstring {
                data: vec![1, 2, 3, 4, 5],
                bits: 37,
            },
            Value::Bitstring {
                data: vec![9; 8],
                bits: 64,
            },
            Value::OffHeap {
                data: 0x100,
                bits: 13,
                wrap: false,
            },
            Value::OffHeap {
                data: 0x100,
                bits: 16,
                wrap: true,
            },
        ];
        for value in values {
            let mut memory = vec![0u8; 4096];
            let mut w = HeapWriter::new(&mut memory, 64, 4096);
            value.write(&mut w).unwrap();
            assert_eq!(
                (w.top() - 64) as u64,
                term::WORD_BYTES as u64 * value.words(),
                "{value:?}"
            );
        }
    }
}
