//! The external term format in the runtime, in one place: `term_to_binary` encodes a term on
//! the heap as OTP 25 does; `binary_to_term` decodes with `beam::etf` (the decoder the compiler
//! reads literals with) and turns the result into a value to write.
//!
//! Integers are encoded by value, whatever beamwasm holds them as (a 60-bit small or a
//! bignum): `SMALL_INTEGER_EXT` for 0..=255, `INTEGER_EXT` within 32 bits, `SMALL_BIG_EXT`
//! (or `LARGE_BIG_EXT`) beyond, as 64-bit OTP 25 writes them; decoded integers become smalls
//! whenever they fit 60 bits (`Value::Int` is written so).

use num_bigint::{BigInt, Sign};
use num_traits::ToPrimitive;

use crate::abi::term::{self, Shape, Term};
use crate::runtime::bifs::Raise;
use crate::runtime::error::Fault;
use crate::runtime::term::atoms::AtomTable;
use crate::runtime::term::heap::{Boxed, Heap, TermError};
use crate::runtime::term::value::Value;

use super::bits::{bytes_value, extract, view};

/// A term the external format decoder read.
type External = crate::beam::Term;

/// The byte every external term starts with.
const VERSION: u8 = 131;

fn unsupported(what: &'static str) -> Raise {
    Raise::Fault(Fault::Unsupported(what.to_string()))
}

/// `term_to_binary(Term)`: the external term format as OTP 25 writes it, version byte first.
pub(crate) fn term_to_binary(
    heap: Heap<'_>,
    atoms: &AtomTable,
    root: Term,
) -> Result<Vec<u8>, Raise> {
    let mut out = vec![VERSION];
    encode(heap, atoms, root, &mut out)?;
    Ok(out)
}

/// `binary_to_term(Binary)`: the term `bytes` encode, `None` when they are not an external
/// term (`badarg`). The bytes are decoded by the reader's decoder (`beam::etf`), the one the
/// compiler reads literals with.
pub(crate) fn binary_to_term(atoms: &mut AtomTable, bytes: &[u8]) -> Result<Option<Value>, Raise> {
    match crate::beam::decode_external(bytes) {
        Ok(t) => decode_value(atoms, &t).map(Some),
        Err(_) => Ok(None),
    }
}

/// The external term format without the version byte.
fn encode(heap: Heap<'_>, atoms: &AtomTable, root: Term, out: &mut Vec<u8>) -> Result<(), Raise> {
    let mut stack = vec![root];
    while let Some(t) = stack.pop() {
        match term::shape(t) {
            Shape::Small(v) => encode_integer(&BigInt::from(v), out),
            Shape::Atom(index) => {
                let name = atoms.name(index).ok_or(TermError::Malformed {
                    term: t,
                    what: "atom index not in the atom table",
                })?;
                if name.chars().all(|c| (c as u32) < 256) {
                    let latin1: Vec<u8> = name.chars().map(|c| c as u32 as u8).collect();
                    out.push(100);
                    out.extend_from_slice(&(latin1.len() as u16).to_be_bytes());
                    out.extend_from_slice(&latin1);
                } else if name.len() < 256 {
                    out.push(119);
                    out.push(name.len() as u8);
                    out.extend_from_slice(name.as_bytes());
                } else {
                    out.push(118);
                    out.extend_from_slice(&(name.len() as u16).to_be_bytes());
                    out.extend_from_slice(name.as_bytes());
                }
            }
            Shape::Nil => out.push(106),
            Shape::Cons(_) => {
                let mut elements = Vec::new();
                let mut rest = t;
                while let Shape::Cons(cell) = term::shape(rest) {
                    let (head, tail) = heap.cons(cell)?;
                    elements.push(head);
                    rest = tail;
                }
                let string = rest == term::NIL
                    && elements.len() < 65536
                    && elements
                        .iter()
                        .all(|&e| matches!(term::shape(e), Shape::Small(0..=255)));
                if string {
                    out.push(107);
                    out.extend_from_slice(&(elements.len() as u16).to_be_bytes());
                    for e in elements {
                        if let Shape::Small(v) = term::shape(e) {
                            out.push(v as u8);
                        }
                    }
                } else {
                    out.push(108);
                    out.extend_from_slice(&(elements.len() as u32).to_be_bytes());
                    stack.push(rest);
                    stack.extend(elements.into_iter().rev());
                }
            }
            Shape::Boxed(address) => {
                if let Some(v) = view(heap, t)? {
                    let bytes = extract(heap, &v)?;
                    if v.size.is_multiple_of(8) {
                        out.push(109);
                        out.extend_from_slice(&(bytes.len() as u32).to_be_bytes());
                    } else {
                        out.push(77);
                        out.extend_from_slice(&(bytes.len() as u32).to_be_bytes());
                        out.push((v.size % 8) as u8);
                    }
                    out.extend_from_slice(&bytes);
                    continue;
                }
                match heap.boxed(t, address)? {
                    Boxed::Tuple { arity, elements } => {
                        if arity < 256 {
                            out.push(104);
                            out.push(arity as u8);
                        } else {
                            out.push(105);
                            out.extend_from_slice(&arity.to_be_bytes());
                        }
                        for i in (0..arity).rev() {
                            stack.push(heap.word(elements + term::word(i))?);
                        }
                    }
                    Boxed::BigInt { .. } => {
                        let i = heap.integer(t)?.unwrap_or_default();
                        encode_integer(&i, out);
                    }
                    Boxed::Float(bits) => {
                        out.push(70);
                        out.extend_from_slice(&bits.to_be_bytes());
                    }
                    Boxed::Map { .. } | Boxed::LargeMap { .. } => {
                        // MAP_EXT: the pairs in OTP's list order (a large map's HAMT order
                        // from its end).
                        let entries = crate::runtime::data::map::listed_entries_of(heap, t)?;
                        out.push(116);
                        out.extend_from_slice(&(entries.len() as u32).to_be_bytes());
                        for &(k, v) in entries.iter().rev() {
                            stack.push(v);
                            stack.push(k);
                        }
                    }
                    Boxed::ExternalFun {
                        module,
                        function,
                        arity,
                    } => {
                        // EXPORT_EXT: module, function, arity as a small integer.
                        out.push(113);
                        stack.push(arity);
                        stack.push(function);
                        stack.push(module);
                    }
                    _ => {
                        return Err(unsupported(
                            "term_to_binary of this term (fun, reference) is not supported yet",
                        ))
                    }
                }
            }
            Shape::Pid(_) | Shape::Port(_) => {
                return Err(unsupported(
                    "term_to_binary of a pid or port is not supported yet",
                ))
            }
            Shape::NotATerm => {
                return Err(Raise::from(TermError::Malformed {
                    term: t,
                    what: "not a term",
                }))
            }
        }
    }
    Ok(())
}

fn encode_integer(i: &BigInt, out: &mut Vec<u8>) {
    if let Some(v) = i.to_i64() {
        if (0..=255).contains(&v) {
            out.push(97);
            out.push(v as u8);
            return;
        }
        if i32::try_from(v).is_ok() {
            out.push(98);
            out.extend_from_slice(&(v as i32).to_be_bytes());
            return;
        }
    }
    let (sign, digits) = i.to_bytes_le();
    if digits.len() < 256 {
        out.push(110);
        out.push(digits.len() as u8);
    } else {
        out.push(111);
        out.extend_from_slice(&(digits.len() as u32).to_be_bytes());
    }
    out.push((sign == Sign::Minus) as u8);
    out.extend_from_slice(&digits);
}

/// A decoded external term as a value to write.
pub fn decode_value(atoms: &mut AtomTable, t: &External) -> Result<Value, Raise> {
    Ok(match t {
        External::Integer(v) => Value::Int(BigInt::from(*v)),
        External::BigInt(b) => Value::Int(b.clone()),
        External::Float(f) => Value::Float(*f),
        External::Atom(name) => Value::atom(atoms.intern(name)),
        External::Nil => Value::Term(term::NIL),
        External::Tuple(elements) => Value::Tuple(
            elements
                .iter()
                .map(|e| decode_value(atoms, e))
                .collect::<Result<_, _>>()?,
        ),
        External::List(elements, tail) => Value::List(
            elements
                .iter()
                .map(|e| decode_value(atoms, e))
                .collect::<Result<_, _>>()?,
            Box::new(decode_value(atoms, tail)?),
        ),
        External::String(bytes) => {
            Value::proper_list(bytes.iter().map(|&b| Value::small(b as i64)).collect())
        }
        External::Binary(bytes) => bytes_value(bytes.clone()),
        External::Bitstring { bytes, bits } => {
            let total = if bytes.is_empty() {
                0
            } else {
                8 * (bytes.len() as u64 - 1) + *bits as u64
            };
            let mut data = bytes.clone();
            if let (Some(last), true) = (data.last_mut(), *bits < 8) {
                *last &= 0xFFu8 << (8 - bits);
            }
            Value::Bitstring { data, bits: total }
        }
        External::Map(_) => {
            return Err(unsupported("binary_to_term of a map is not supported yet"))
        }
        _ => {
            return Err(unsupported(
                "binary_to_term of a fun, pid, port or reference is not supported yet",
            ))
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runtime::term::heap::HeapWriter;

    /// `term_to_binary(N)` as OTP 25 writes it for integers beamwasm holds as 60-bit smalls
    /// and as bignums alike: the encoding follows the value.
    #[test]
    fn integers_encode_by_value_as_otp_25() {
        let cases: &[(i128, &[u8])] = &[
            (255, &[131, 97, 255]),
            (256, &[131, 98, 0, 0, 1, 0]),
            (-1, &[131, 98, 255, 255, 255, 255]),
            ((1 << 31) - 1, &[131, 98, 127, 255, 255, 255]),
            (-(1 << 31), &[131, 98, 128, 0, 0, 0]),
            (1 << 31, &[131, 110, 4, 0, 0, 0, 0, 128]),
            (-(1 << 31) - 1, &[131, 110, 4, 1, 1, 0, 0, 128]),
            (1 << 40, &[131, 110, 6, 0, 0, 0, 0, 0, 0, 1]),
            (-(1 << 59), &[131, 110, 8, 1, 0, 0, 0, 0, 0, 0, 0, 8]),
            (1 << 60, &[131, 110, 8, 0, 0, 0, 0, 0, 0, 0, 0, 16]),
            (1 << 64, &[131, 110, 9, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]),
        ];
        let atoms = AtomTable::new();
        for &(value, expected) in cases {
            let mut memory = vec![0u8; 1024];
            let mut w = HeapWriter::new(&mut memory, 64, 1024);
            let t = w.integer(&BigInt::from(value)).unwrap();
            assert_eq!(
                term::shape(t) == Shape::Small(value as i64),
                (term::SMALL_MIN as i128..=term::SMALL_MAX as i128).contains(&value),
                "{value} is a small exactly when it fits 60 bits"
            );
            let out = term_to_binary(w.heap(), &atoms, t).unwrap();
            assert_eq!(out, expected, "{value}");
        }
    }

    #[test]
    fn decoded_integers_are_smalls_within_60_bits() {
        let mut atoms = AtomTable::new();
        let decoded = binary_to_term(&mut atoms, &[131, 110, 6, 0, 0, 0, 0, 0, 0, 1])
            .unwrap()
            .unwrap();
        assert_eq!(decoded, Value::Int(BigInt::from(1u64 << 40)));
        let mut memory = vec![0u8; 256];
        let mut w = HeapWriter::new(&mut memory, 64, 256);
        assert_eq!(decoded.write(&mut w).unwrap(), term::small(1 << 40));
    }
}
