//! Laying out a module's literals (decoded LitT terms) as terms in a read-only area of linear
//! memory, once at load. The collector never copies them: they are outside every process block.
//! Iterative, so a deeply nested literal cannot overflow the host stack.

use num_bigint::BigInt;

use crate::beam::Term;

use super::atoms::AtomTable;
use super::heap::{HeapWriter, TermError};
use super::term;

#[derive(Debug, thiserror::Error, Clone, PartialEq, Eq)]
pub enum LiteralError {
    #[error("literal of an unsupported type: {0}")]
    Unsupported(&'static str),
    #[error(transparent)]
    Term(#[from] TermError),
}

fn unsupported(t: &Term) -> Option<&'static str> {
    Some(match t {
        Term::Map(_) => "map",
        Term::ExportFun(_) | Term::Fun(_) => "fun",
        Term::Pid(_) => "pid",
        Term::Port(_) => "port",
        Term::Reference(_) => "reference",
        _ => return None,
    })
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
            Term::Integer(v) => 1 + BigInt::from(*v).to_u32_digits().1.len() as u64,
            Term::BigInt(b) => 1 + b.to_u32_digits().1.len() as u64,
            Term::Float(_) => 3,
            Term::Atom(_) | Term::Nil => 0,
            Term::String(bytes) => 2 * bytes.len() as u64,
            Term::Binary(bytes) => 2 + (bytes.len() as u64).div_ceil(4),
            // A heap binary of the bytes, and a sub binary of the bits.
            Term::Bitstring { bytes, .. } => 6 + (bytes.len() as u64).div_ceil(4),
            Term::Tuple(elements) => {
                stack.extend(elements);
                1 + elements.len() as u64
            }
            Term::List(elements, tail) => {
                stack.extend(elements);
                stack.push(tail);
                2 * elements.len() as u64
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
) -> Result<u32, LiteralError> {
    enum Frame<'t> {
        Enter(&'t Term),
        Tuple(usize),
        List(usize),
    }
    let mut stack = vec![Frame::Enter(root)];
    let mut done: Vec<u32> = Vec::new();
    while let Some(frame) = stack.pop() {
        match frame {
            Frame::Enter(t) => match t {
                Term::Integer(v) => done.push(w.integer(&BigInt::from(*v))?),
                Term::BigInt(b) => done.push(w.integer(b)?),
                Term::Float(f) => done.push(w.float(*f)?),
                Term::Atom(name) => done.push(term::atom(atoms.intern(name))),
                Term::Nil => done.push(term::NIL),
                Term::String(bytes) => {
                    let chars: Vec<u32> = bytes.iter().map(|&b| term::small(b as i32)).collect();
                    done.push(w.list(&chars, term::NIL)?);
                }
                Term::Binary(bytes) => done.push(w.binary(bytes)?),
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
        }
    }
    Ok(done.pop().unwrap_or(term::NIL))
}
