//! Copying a term out of a process's heap into another block of linear memory: a message, a
//! spawned process's arguments, an exit reason. First the size, then the copy; both walks are
//! iterative. Shared subterms are copied once per reference, as OTP's `copy_struct` does.

use crate::abi::term::{self, boxed, Shape, Term, WORD_BYTES};
use crate::runtime::term::heap::{Heap, HeapWriter, TermError};

fn word(mem: &[u8], address: u32) -> Result<Term, TermError> {
    Heap::new(mem).word(address)
}

/// Whether the words after a header of this tag are terms (to follow) rather than raw data.
fn holds_terms(tag: u64) -> bool {
    matches!(tag, boxed::TUPLE | boxed::MAP | boxed::FUN)
}

/// Binaries that are not plain heap binaries (refc and sub binaries) are copied as heap
/// binaries of their bits (plus a sub binary when the size is not whole bytes): `(bytes, bits)`.
fn bits_of(
    heap: crate::runtime::term::heap::Heap<'_>,
    t: Term,
    tag: u64,
) -> Result<Option<(Vec<u8>, u64)>, TermError> {
    if !matches!(tag, boxed::REFC_BINARY | boxed::SUB_BINARY) {
        return Ok(None);
    }
    match crate::runtime::data::bits::view(heap, t)? {
        Some(v) => Ok(Some((
            crate::runtime::data::bits::extract(heap, &v)?,
            v.size,
        ))),
        None => Err(TermError::Malformed {
            term: t,
            what: "a malformed binary",
        }),
    }
}

/// Words of a heap binary of `bytes` bytes, plus the sub binary a partial byte needs.
fn flat_binary_words(bytes: usize, bits: u64) -> u64 {
    let sub_binary = if bits.is_multiple_of(8) {
        0
    } else {
        1 + term::sub_binary::WORDS as u64
    };
    2 + (bytes as u64).div_ceil(WORD_BYTES as u64) + sub_binary
}

fn copyable(t: Term, tag: u64) -> Result<(), TermError> {
    match tag {
        boxed::TUPLE
        | boxed::MAP
        | boxed::FUN
        | boxed::POS_BIGNUM
        | boxed::NEG_BIGNUM
        | boxed::FLOAT
        | boxed::REFERENCE
        | boxed::HEAP_BINARY
        | boxed::REFC_BINARY
        | boxed::SUB_BINARY => Ok(()),
        _ => Err(TermError::Malformed {
            term: t,
            what: "a term of this kind cannot be copied between processes yet",
        }),
    }
}

/// Words `copy` needs for `t`.
pub fn size(mem: &[u8], t: Term) -> Result<u64, TermError> {
    let mut total = 0u64;
    let mut pending = vec![t];
    while let Some(t) = pending.pop() {
        match term::shape(t) {
            Shape::Cons(cell) => {
                total += 2;
                pending.push(word(mem, cell + term::list_cell::TAIL)?);
                pending.push(word(mem, cell + term::list_cell::HEAD)?);
            }
            Shape::Boxed(address) => {
                let header = word(mem, address)?;
                let tag = term::header_tag(header);
                copyable(t, tag)?;
                if let Some((bytes, bits)) =
                    bits_of(crate::runtime::term::heap::Heap::new(mem), t, tag)?
                {
                    total += flat_binary_words(bytes.len(), bits);
                    continue;
                }
                let words = term::header_size(header);
                total += 1 + words as u64;
                if holds_terms(tag) {
                    for i in 1..=words {
                        pending.push(word(mem, address + term::word(i))?);
                    }
                }
            }
            _ => {}
        }
    }
    Ok(total)
}

/// Copies `t` with `writer` (which must have `size(t)` words free) and returns the copy.
pub fn copy(writer: &mut HeapWriter<'_>, t: Term) -> Result<Term, TermError> {
    if !matches!(term::shape(t), Shape::Cons(_) | Shape::Boxed(_)) {
        return Ok(t);
    }
    // (source term, the slot its copy goes to); slot 0 is the root.
    let mut pending: Vec<(Term, u32)> = Vec::new();
    let root = copy_one(writer, t, &mut pending)?;
    while let Some((source, slot)) = pending.pop() {
        let copied = copy_one(writer, source, &mut pending)?;
        writer.set_word(slot, copied)?;
    }
    Ok(root)
}

/// Copies the outermost cell or object of `t`, queueing the terms inside it.
fn copy_one(
    writer: &mut HeapWriter<'_>,
    t: Term,
    pending: &mut Vec<(Term, u32)>,
) -> Result<Term, TermError> {
    match term::shape(t) {
        Shape::Cons(cell) => {
            let (head, tail) = writer.heap().cons(cell)?;
            let new = writer.alloc(2)?;
            for (value, slot) in [
                (tail, new + term::list_cell::TAIL),
                (head, new + term::list_cell::HEAD),
            ] {
                if matches!(term::shape(value), Shape::Cons(_) | Shape::Boxed(_)) {
                    writer.set_word(slot, term::NIL)?;
                    pending.push((value, slot));
                } else {
                    writer.set_word(slot, value)?;
                }
            }
            Ok(term::cons(new))
        }
        Shape::Boxed(address) => {
            let header = writer.heap().word(address)?;
            let tag = term::header_tag(header);
            copyable(t, tag)?;
            if let Some((bytes, bits)) = bits_of(writer.heap(), t, tag)? {
                let binary = writer.binary(&bytes)?;
                return if bits.is_multiple_of(8) {
                    Ok(binary)
                } else {
                    writer.sub_binary(binary, 0, bits as u32)
                };
            }
            let words = term::header_size(header);
            let new = writer.alloc(1 + words)?;
            writer.set_word(new, header)?;
            for i in 1..=words {
                let value = writer.heap().word(address + term::word(i))?;
                let slot = new + term::word(i);
                if holds_terms(tag)
                    && matches!(term::shape(value), Shape::Cons(_) | Shape::Boxed(_))
                {
                    writer.set_word(slot, term::NIL)?;
                    pending.push((value, slot));
                } else {
                    writer.set_word(slot, value)?;
                }
            }
            Ok(term::boxed(new))
        }
        _ => Ok(t),
    }
}
