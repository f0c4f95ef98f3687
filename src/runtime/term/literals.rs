//! Laying out a module's literals (decoded LitT terms) as terms in a read-only area of linear
//! memory, once at load. The collector never copies them: they are outside every process block.
//! Iterative, so a deeply nested literal cannot overflow the host stack.

use num_bigint::BigInt;

use crate::beam::Term;

use crate::abi::term;
use crate::runtime::term::atoms::AtomTable;
use crate::runtime::term::heap::{HeapWriter, TermError};

#[derive(Debug, thiserror::Error, Clone, PartialEq, Eq)]
pub enum LiteralError {
    #[error("literal of an unsupported type: {0}")]
    Unsupported(&'static str),
    #[error(transparent)]
    Term(#[from] TermError),
}

fn unsupported(t: &Term) -> Option<&'static str> {
    Some(match t {
        Term::Fun(_) => "fun",
        Term::Pid(_) => "pid",
        Term::Port(_) => "port",
        Term::Reference(_) => "reference",
        _ => return None,
    })
}

/// Words of a heap binary of `bytes` bytes: its header, its byte count and the data words.
fn heap_binary_words(bytes: usize) -> u64 {
    2 + (bytes as u64).div_ceil(term::WORD_BYTES as u64)
}

/// Heap words the literal needs.
pub fn words(root: &Term) -> Result<u64, LiteralError> {
    let mut total = 0u64;
    let mut stack = vec![root];
    while let Some(t) = stack.pop() {
        if let Some(kind) = unsupported(t) {
            return Err(LiteralError::Unsupported(kind));
        }
        total += match t {
            Term::Integer(v) if term::fits_small(*v) => 0,
            Term::Integer(v) => 1 + BigInt::from(*v).to_u64_digits().1.len() as u64,
            Term::BigInt(b) => 1 + b.to_u64_digits().1.len() as u64,
            Term::Float(_) => 1 + term::float::WORDS as u64,
            Term::Atom(_) | Term::Nil => 0,
            Term::String(bytes) => 2 * bytes.len() as u64,
            Term::Binary(bytes) => heap_binary_words(bytes.len()),
            // A heap binary of the bytes, and a sub binary of the bits.
            Term::Bitstring { bytes, .. } => {
                heap_binary_words(bytes.len()) + 1 + term::sub_binary::WORDS as u64
            }
            Term::Tuple(elements) => {
                stack.extend(elements);
                1 + elements.len() as u64
            }
            Term::ExportFun(_) => term::fun::EXTERNAL_WORDS as u64,
            Term::List(elements, tail) => {
                stack.extend(elements);
                stack.push(tail);
                2 * elements.len() as u64
            }
            Term::Map(pairs) => {
                for (k, v) in pairs {
                    stack.push(k);
                    stack.push(v);
                }
                let n = pairs.len() as u64;
                if pairs.len() <= crate::runtime::data::map::FLATMAP_LIMIT {
                    // The map object and its keys tuple.
                    2 + n + 1 + n
                } else {
                    crate::runtime::data::map::large_map_words(n)
                }
            }
            _ => 0,
        };
    }
    Ok(total)
}

/// Writes the literal and returns its term.
pub fn write(
    w: &mut HeapWriter<'_>,
    atoms: &mut AtomTable,
    root: &Term,
) -> Result<term::Term, LiteralError> {
    enum Frame<'t> {
        Enter(&'t Term),
        Tuple(usize),
        List(usize),
        Map(usize),
    }
    let mut stack = vec![Frame::Enter(root)];
    let mut done: Vec<term::Term> = Vec::new();
    while let Some(frame) = stack.pop() {
        match frame {
            Frame::Enter(t) => match t {
                Term::Integer(v) => done.push(w.integer(&BigInt::from(*v))?),
                Term::BigInt(b) => done.push(w.integer(b)?),
                Term::Float(f) => done.push(w.float(*f)?),
                Term::Atom(name) => done.push(term::atom(atoms.intern(name))),
                Term::Nil => done.push(term::NIL),
                Term::String(bytes) => {
                    let chars: Vec<term::Term> =
                        bytes.iter().map(|&b| term::small(b as i64)).collect();
                    done.push(w.list(&chars, term::NIL)?);
                }
                Term::Binary(bytes) => done.push(w.binary(bytes)?),
                Term::ExportFun(export) => {
                    let address = w.alloc(term::fun::EXTERNAL_WORDS)?;
                    let header = term::header(term::fun::EXTERNAL_WORDS - 1, term::boxed::FUN);
                    w.set_word(address, header)?;
                    let module = term::atom(atoms.intern(&export.module));
                    let function = term::atom(atoms.intern(&export.function));
                    w.set_word(address + term::word(1), module)?;
                    w.set_word(address + term::word(2), function)?;
                    w.set_word(address + term::word(3), term::small(export.arity as i64))?;
                    done.push(term::boxed(address));
                }
                Term::Bitstring { bytes, bits } => {
                    let total = bytes.len().saturating_sub(1) as u64 * 8 + *bits as u64;
                    let total = u32::try_from(total)
                        .map_err(|_| LiteralError::Unsupported("bitstring over 512 MiB"))?;
                    let mut data = bytes.clone();
                    if let (Some(last), true) = (data.last_mut(), *bits < 8) {
                        *last &= 0xFFu8 << (8 - bits);
                    }
                    let binary = w.binary(&data)?;
                    done.push(w.sub_binary(binary, 0, total)?);
                }
                Term::Tuple(elements) => {
                    stack.push(Frame::Tuple(elements.len()));
                    stack.extend(elements.iter().rev().map(Frame::Enter));
                }
                Term::List(elements, tail) => {
                    stack.push(Frame::List(elements.len()));
                    stack.push(Frame::Enter(tail));
                    stack.extend(elements.iter().rev().map(Frame::Enter));
                }
                Term::Map(pairs) => {
                    stack.push(Frame::Map(pairs.len()));
                    for (k, v) in pairs.iter().rev() {
                        stack.push(Frame::Enter(v));
                        stack.push(Frame::Enter(k));
                    }
                }
                other => {
                    return Err(LiteralError::Unsupported(
                        unsupported(other).unwrap_or("unknown"),
                    ))
                }
            },
            Frame::Tuple(n) => {
                let elements = done.split_off(done.len() - n);
                done.push(w.tuple(&elements)?);
            }
            Frame::List(n) => {
                let tail = done.pop().unwrap_or(term::NIL);
                let elements = done.split_off(done.len() - n);
                done.push(w.list(&elements, tail)?);
            }
            Frame::Map(n) => {
                let flat = done.split_off(done.len() - 2 * n);
                let pairs: Vec<(term::Term, term::Term)> =
                    flat.chunks(2).map(|p| (p[0], p[1])).collect();
                let sorted = crate::runtime::data::map::sort_pairs(w.heap(), atoms, pairs)?;
                if sorted.len() != n {
                    return Err(LiteralError::Unsupported("map with a repeated key"));
                }
                done.push(write_map(w, atoms, &sorted)?);
            }
        }
    }
    Ok(done.pop().unwrap_or(term::NIL))
}

/// Writes a map of sorted, distinct entries (`docs/abi.md` §3.3).
fn write_map(
    w: &mut HeapWriter<'_>,
    atoms: &AtomTable,
    entries: &[(term::Term, term::Term)],
) -> Result<term::Term, TermError> {
    if entries.len() <= crate::runtime::data::map::FLATMAP_LIMIT {
        let keys: Vec<term::Term> = entries.iter().map(|e| e.0).collect();
        let values: Vec<term::Term> = entries.iter().map(|e| e.1).collect();
        let keys = w.tuple(&keys)?;
        return w.flatmap(keys, &values);
    }
    crate::runtime::data::map::write_large(w, atoms, entries)
}
