//! The C BIFs of OTP's `unicode` module: `characters_to_binary/2`, `characters_to_list/2` and
//! `bin_is_7bit/1` (the rest of `unicode`, `unicode_util` and `string` is Erlang code that runs
//! on top of them). Behaviour follows OTP 25's `erl_unicode.c` as observed: a badly formed
//! argument (not chardata, a bitstring, an unknown encoding) is `badarg` before anything is
//! converted; a bad character gives `{error, Converted, Rest}` with `Rest` rebuilt from the
//! point of failure outwards; a UTF-8 sequence cut short by the end of the input gives
//! `{incomplete, Converted, Bytes}`, and one split across binaries is joined.
//!
//! OTP answers the UTF-16 and UTF-32 input encodings of these two BIFs by trapping to Erlang
//! code (`unicode:characters_to_binary_int/2`); beamwasm has no trap, so those raise
//! `error:{unsupported, ...}` naming the call (`characters_to_binary/3`, which is Erlang code,
//! handles every encoding).

use crate::abi::bifs::UnicodeBif;
use crate::abi::Bif;

use crate::abi::term::{self, Shape, Term};
use crate::runtime::bifs::Raise;
use crate::runtime::data::bits;
use crate::runtime::exception::Class;
use crate::runtime::term::atoms::AtomTable;
use crate::runtime::term::heap::{Boxed, Heap};
use crate::runtime::term::value::Value;

fn raise(reason: Value) -> Raise {
    Raise::Exception {
        class: Class::Error,
        reason,
    }
}

fn badarg(atoms: &mut AtomTable) -> Raise {
    raise(Value::atom(atoms.intern("badarg")))
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Encoding {
    Latin1,
    Utf8,
}

/// The encoding argument: `Ok(None)` when it is not one at all (badarg).
fn encoding(
    heap: Heap<'_>,
    atoms: &mut AtomTable,
    bif: Bif,
    t: Term,
) -> Result<Option<Encoding>, Raise> {
    let name = |atoms: &AtomTable, t: Term| match term::shape(t) {
        Shape::Atom(i) => atoms.name(i).map(str::to_string),
        _ => None,
    };
    match name(atoms, t).as_deref() {
        Some("latin1") => return Ok(Some(Encoding::Latin1)),
        Some("unicode" | "utf8") => return Ok(Some(Encoding::Utf8)),
        Some("utf16" | "utf32") => {}
        _ => {
            // `{utf16 | utf32, big | little}`
            let Shape::Boxed(address) = term::shape(t) else {
                return Ok(None);
            };
            let Boxed::Tuple { arity: 2, elements } = heap.boxed(t, address)? else {
                return Ok(None);
            };
            let (kind, endian) = (heap.word(elements)?, heap.word(elements + term::word(1))?);
            let kind_ok = matches!(name(atoms, kind).as_deref(), Some("utf16" | "utf32"));
            let endian_ok = matches!(name(atoms, endian).as_deref(), Some("big" | "little"));
            if !(kind_ok && endian_ok) {
                return Ok(None);
            }
        }
    }
    let (_, function, arity) = bif.mfa();
    Err(raise(Value::Tuple(vec![
        Value::atom(atoms.intern("unsupported")),
        Value::Tuple(vec![
            Value::atom(atoms.intern("unicode")),
            Value::atom(atoms.intern(function)),
            Value::small(arity as i64),
            Value::Term(t),
        ]),
    ])))
}

/// The bytes of a binary (whole bytes only), `None` for anything else.
fn binary_bytes(heap: Heap<'_>, t: Term) -> Result<Option<Vec<u8>>, Raise> {
    match bits::view(heap, t)? {
        Some(view) if view.size % 8 == 0 => Ok(Some(bits::extract(heap, &view)?)),
        _ => Ok(None),
    }
}

fn is_binary(heap: Heap<'_>, t: Term) -> Result<bool, Raise> {
    Ok(matches!(bits::view(heap, t)?, Some(v) if v.size % 8 == 0))
}

/// Whether `t` is chardata: a binary, or a possibly nested list of integers and binaries
/// whose tails are `[]` or a binary.
fn well_formed(heap: Heap<'_>, t: Term) -> Result<bool, Raise> {
    if !matches!(term::shape(t), Shape::Cons(_) | Shape::Nil) {
        return is_binary(heap, t);
    }
    let mut lists = vec![t];
    while let Some(mut list) = lists.pop() {
        loop {
            match term::shape(list) {
                Shape::Nil => break,
                Shape::Cons(cell) => {
                    let (head, tail) = heap.cons(cell)?;
                    match term::shape(head) {
                        Shape::Small(_) => {}
                        Shape::Cons(_) | Shape::Nil => lists.push(head),
                        _ if heap.integer(head)?.is_some() || is_binary(heap, head)? => {}
                        _ => return Ok(false),
                    }
                    list = tail;
                }
                _ if is_binary(heap, list)? => break,
                _ => return Ok(false),
            }
        }
    }
    Ok(true)
}

/// Lead bytes that start a sequence of this many bytes, leniently (a sequence cut short by the
/// end of the input is "incomplete" when its lead and continuation bytes have the right form).
fn sequence_length(lead: u8) -> Option<usize> {
    match lead {
        0xC0..=0xDF => Some(2),
        0xE0..=0xEF => Some(3),
        0xF0..=0xF7 => Some(4),
        _ => None,
    }
}

fn is_continuation(b: u8) -> bool {
    b & 0xC0 == 0x80
}

fn push_char(out: &mut Vec<u8>, c: char) {
    let mut buf = [0u8; 4];
    out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
}

enum Step {
    Done,
    /// A bad character at this byte offset of the binary.
    Bad(usize),
}

struct Converter {
    encoding: Encoding,
    out: Vec<u8>,
    /// The start of a UTF-8 sequence that the previous binary ended in.
    pending: Vec<u8>,
}

impl Converter {
    fn binary(&mut self, bytes: &[u8]) -> Step {
        if self.encoding == Encoding::Latin1 {
            for &b in bytes {
                push_char(&mut self.out, b as char);
            }
            return Step::Done;
        }
        let mut i = 0;
        if let Some(&lead) = self.pending.first() {
            let need = sequence_length(lead).unwrap_or(1);
            while self.pending.len() < need && i < bytes.len() {
                if !is_continuation(bytes[i]) {
                    return Step::Bad(i);
                }
                self.pending.push(bytes[i]);
                i += 1;
            }
            if self.pending.len() < need {
                return Step::Done;
            }
            match std::str::from_utf8(&self.pending) {
                Ok(_) => {
                    self.out.append(&mut self.pending);
                }
                Err(_) => return Step::Bad(0),
            }
        }
        while i < bytes.len() {
            let b = bytes[i];
            if b < 0x80 {
                self.out.push(b);
                i += 1;
                continue;
            }
            let Some(len) = sequence_length(b) else {
                return Step::Bad(i);
            };
            if i + len > bytes.len() {
                if bytes[i + 1..].iter().all(|&c| is_continuation(c)) {
                    self.pending = bytes[i..].to_vec();
                    return Step::Done;
                }
                return Step::Bad(i);
            }
            if std::str::from_utf8(&bytes[i..i + len]).is_err() {
                return Step::Bad(i);
            }
            self.out.extend_from_slice(&bytes[i..i + len]);
            i += len;
        }
        Step::Done
    }

    /// A character given as an integer; false if it is not one of this encoding.
    fn integer(&mut self, t: Term) -> bool {
        if !self.pending.is_empty() {
            return false;
        }
        let limit = match self.encoding {
            Encoding::Latin1 => 0xFF,
            Encoding::Utf8 => 0x10FFFF,
        };
        let c = match term::shape(t) {
            Shape::Small(v) if (0..=limit).contains(&v) => char::from_u32(v as u32),
            _ => None,
        };
        match c {
            Some(c) => {
                push_char(&mut self.out, c);
                true
            }
            None => false,
        }
    }
}

fn bytes_value(bytes: &[u8]) -> Value {
    Value::Bitstring {
        data: bytes.to_vec(),
        bits: 8 * bytes.len() as u64,
    }
}

/// What converting chardata came to.
enum Converted {
    Ok(Vec<u8>),
    Error(Vec<u8>, Value),
    Incomplete(Vec<u8>, Vec<u8>),
}

/// Converts well-formed chardata to UTF-8.
fn convert(heap: Heap<'_>, root: Term, encoding: Encoding) -> Result<Converted, Raise> {
    let mut conv = Converter {
        encoding,
        out: Vec::new(),
        pending: Vec::new(),
    };
    // The tails to go on with after each nested list, outermost first.
    let mut outer: Vec<Term> = Vec::new();
    let mut list = root;
    let rest: Value = 'walk: loop {
        match term::shape(list) {
            Shape::Nil => match outer.pop() {
                Some(tail) => list = tail,
                None => break 'walk Value::Term(term::NIL),
            },
            Shape::Cons(cell) => {
                let (head, tail) = heap.cons(cell)?;
                match term::shape(head) {
                    Shape::Cons(_) | Shape::Nil => {
                        outer.push(tail);
                        list = head;
                        continue;
                    }
                    _ => {}
                }
                if let Some(bytes) = binary_bytes(heap, head)? {
                    if let Step::Bad(k) = conv.binary(&bytes) {
                        break 'walk Value::List(
                            vec![bytes_value(&bytes[k..])],
                            Box::new(Value::Term(tail)),
                        );
                    }
                } else if !conv.integer(head) {
                    break 'walk Value::Term(list);
                }
                list = tail;
            }
            _ => {
                // A binary: the root or a list's tail.
                let Some(bytes) = binary_bytes(heap, list)? else {
                    return Err(Raise::from(
                        crate::runtime::term::heap::TermError::Malformed {
                            term: list,
                            what: "chardata that was checked well formed",
                        },
                    ));
                };
                if let Step::Bad(k) = conv.binary(&bytes) {
                    break 'walk bytes_value(&bytes[k..]);
                }
                list = term::NIL;
            }
        }
    };
    if matches!(rest, Value::Term(term::NIL)) {
        return Ok(if conv.pending.is_empty() {
            Converted::Ok(conv.out)
        } else {
            Converted::Incomplete(conv.out, conv.pending)
        });
    }
    let mut rest = rest;
    while let Some(tail) = outer.pop() {
        rest = Value::List(vec![rest], Box::new(Value::Term(tail)));
    }
    if !conv.pending.is_empty() {
        rest = Value::proper_list(vec![bytes_value(&conv.pending), rest]);
    }
    Ok(Converted::Error(conv.out, rest))
}

/// Unicode chardata as UTF-8 bytes, `None` if it is not chardata or has a character that is not
/// one (what `unicode:characters_to_binary/2` would not return as a binary).
pub(super) fn chardata_to_utf8(heap: Heap<'_>, t: Term) -> Result<Option<Vec<u8>>, Raise> {
    if !well_formed(heap, t)? {
        return Ok(None);
    }
    match convert(heap, t, Encoding::Utf8)? {
        Converted::Ok(bytes) => Ok(Some(bytes)),
        Converted::Error(..) | Converted::Incomplete(..) => Ok(None),
    }
}

fn chars_value(utf8: &[u8]) -> Value {
    let text = String::from_utf8_lossy(utf8);
    Value::proper_list(text.chars().map(|c| Value::small(c as i64)).collect())
}

/// The unicode BIFs (`bifs::erlang::call` hands them here).
pub(crate) fn eval(
    bif: UnicodeBif,
    heap: Heap<'_>,
    atoms: &mut AtomTable,
    args: &[Term],
) -> Result<Value, Raise> {
    let arg = |i: usize| args.get(i).copied().unwrap_or(term::NIL);
    if bif == UnicodeBif::UnicodeBinIs7bit1 {
        let seven = matches!(binary_bytes(heap, arg(0))?, Some(b) if b.iter().all(|&c| c < 0x80));
        return Ok(Value::boolean(seven));
    }
    let Some(encoding) = encoding(heap, atoms, bif.into(), arg(1))? else {
        return Err(badarg(atoms));
    };
    if !well_formed(heap, arg(0))? {
        return Err(badarg(atoms));
    }
    let as_list = bif == UnicodeBif::UnicodeCharactersToList2;
    let converted = convert(heap, arg(0), encoding)?;
    let text = |bytes: &[u8]| {
        if as_list {
            chars_value(bytes)
        } else {
            bytes_value(bytes)
        }
    };
    Ok(match converted {
        Converted::Ok(bytes) => text(&bytes),
        Converted::Error(bytes, rest) => {
            Value::Tuple(vec![Value::atom(atoms.intern("error")), text(&bytes), rest])
        }
        Converted::Incomplete(bytes, pending) => Value::Tuple(vec![
            Value::atom(atoms.intern("incomplete")),
            text(&bytes),
            bytes_value(&pending),
        ]),
    })
}
