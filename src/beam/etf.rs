//! The external term format (`term_to_binary`), as used by LitT, Attr, CInf and Meta.
//!
//! Decoding is iterative (an explicit stack of open containers), so long lists cost no
//! native stack and nesting depth is bounded by [`MAX_TERM_DEPTH`].

use std::io::Read;

use num_bigint::{BigInt, Sign};
use num_traits::ToPrimitive;

use super::cursor::{Cursor, Result};
use super::error::{BeamError, ChunkId, Context};

/// Containers may nest this deep; deeper terms are rejected. Decoding itself needs no native
/// stack, but the derived `Drop`, `Clone` and `PartialEq` and the printer recurse per level:
/// in a debug build on a 2 MiB test thread they overflow somewhere between 1,000 and 3,000
/// levels. Real literals nest a few dozen levels at most.
pub const MAX_TERM_DEPTH: usize = 1_000;

/// The version byte that starts every external term.
pub const VERSION_MAGIC: u8 = 131;

/// A decoded Erlang term.
#[derive(Debug, Clone, PartialEq)]
pub enum Term {
    Integer(i64),
    /// An integer outside the `i64` range.
    BigInt(BigInt),
    Float(f64),
    Atom(String),
    Tuple(Vec<Term>),
    /// `[]`.
    Nil,
    /// A non-empty list: its elements and its tail (`Nil` for a proper list).
    List(Vec<Term>, Box<Term>),
    /// `STRING_EXT`: a proper list of bytes, kept compact.
    String(Vec<u8>),
    Binary(Vec<u8>),
    /// A bitstring whose last byte holds `bits` (1..=7) significant high bits.
    Bitstring {
        bytes: Vec<u8>,
        bits: u8,
    },
    /// Key/value pairs in file order.
    Map(Vec<(Term, Term)>),
    ExportFun(Box<ExportFun>),
    Fun(Box<Fun>),
    Pid(Box<Pid>),
    Port(Box<Port>),
    Reference(Box<Reference>),
}

/// `fun Module:Function/Arity`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportFun {
    pub module: String,
    pub function: String,
    pub arity: u8,
}

/// A local fun (`NEW_FUN_EXT`).
#[derive(Debug, Clone, PartialEq)]
pub struct Fun {
    pub module: String,
    pub arity: u8,
    pub uniq: [u8; 16],
    pub index: u32,
    pub old_index: i64,
    pub old_uniq: i64,
    pub pid: Term,
    pub free_vars: Vec<Term>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pid {
    pub node: String,
    pub id: u32,
    pub serial: u32,
    pub creation: u32,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Port {
    pub node: String,
    pub id: u64,
    pub creation: u32,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reference {
    pub node: String,
    pub creation: u32,
    pub ids: Vec<u32>,
}

mod tag {
    pub const NEW_FLOAT: u8 = 70;
    pub const BIT_BINARY: u8 = 77;
    pub const COMPRESSED: u8 = 80;
    pub const NEW_PID: u8 = 88;
    pub const NEW_PORT: u8 = 89;
    pub const NEWER_REFERENCE: u8 = 90;
    pub const SMALL_INTEGER: u8 = 97;
    pub const INTEGER: u8 = 98;
    pub const FLOAT: u8 = 99;
    pub const ATOM: u8 = 100;
    pub const PORT: u8 = 102;
    pub const PID: u8 = 103;
    pub const SMALL_TUPLE: u8 = 104;
    pub const LARGE_TUPLE: u8 = 105;
    pub const NIL: u8 = 106;
    pub const STRING: u8 = 107;
    pub const LIST: u8 = 108;
    pub const BINARY: u8 = 109;
    pub const SMALL_BIG: u8 = 110;
    pub const LARGE_BIG: u8 = 111;
    pub const NEW_FUN: u8 = 112;
    pub const EXPORT: u8 = 113;
    pub const NEW_REFERENCE: u8 = 114;
    pub const SMALL_ATOM: u8 = 115;
    pub const MAP: u8 = 116;
    pub const ATOM_UTF8: u8 = 118;
    pub const SMALL_ATOM_UTF8: u8 = 119;
    pub const V4_PORT: u8 = 120;
}

/// Decodes a complete external term (version byte included) that must fill `bytes`.
pub fn decode_external(bytes: &[u8]) -> std::result::Result<Term, BeamError> {
    let mut cursor = Cursor::new(bytes, 0, ChunkId(*b"ETF "));
    let term = read_versioned_term(&mut cursor)?;
    expect_end(&cursor)?;
    Ok(term)
}

/// Decodes the external term at the start of `bytes` (version byte first): the term and the
/// number of bytes it took (`binary_to_term/2`'s `used`).
pub fn decode_external_prefix(bytes: &[u8]) -> std::result::Result<(Term, usize), BeamError> {
    let mut cursor = Cursor::new(bytes, 0, ChunkId(*b"ETF "));
    let term = read_versioned_term(&mut cursor)?;
    Ok((term, bytes.len() - cursor.remaining()))
}

pub(crate) fn expect_end(cursor: &Cursor<'_>) -> Result<()> {
    if cursor.is_empty() {
        Ok(())
    } else {
        Err(BeamError::BadTerm {
            at: cursor.location(),
            what: format!("{} unexpected bytes after the term", cursor.remaining()),
        })
    }
}

/// Reads the version byte and one term.
pub(crate) fn read_versioned_term(cursor: &mut Cursor<'_>) -> Result<Term> {
    let at = cursor.location();
    let version = cursor.u8("term version byte")?;
    if version != VERSION_MAGIC {
        return Err(BeamError::BadTerm {
            at,
            what: format!("version byte {version}, expected {VERSION_MAGIC}"),
        });
    }
    read_term(cursor)
}

/// An open container waiting for more elements.
enum Frame {
    Tuple {
        items: Vec<Term>,
        remaining: usize,
    },
    List {
        items: Vec<Term>,
        remaining: usize,
    },
    /// All list elements are read; the next term is the tail.
    ListTail {
        items: Vec<Term>,
    },
    Map {
        pairs: Vec<(Term, Term)>,
        key: Option<Term>,
        remaining: usize,
    },
    FunFreeVars {
        /// Always `Some` while the frame is on the stack; taken when it closes.
        fun: Option<Box<Fun>>,
        remaining: usize,
    },
}

/// What reading one tag produced: a finished term or a newly opened container.
enum Step {
    Done(Term),
    Open(Frame),
}

/// Reads one term (no version byte) without recursion.
pub(crate) fn read_term(cursor: &mut Cursor<'_>) -> Result<Term> {
    let mut stack: Vec<Frame> = Vec::new();
    loop {
        let mut value = match read_step(cursor, stack.is_empty())? {
            Step::Done(term) => term,
            Step::Open(frame) => {
                if stack.len() >= MAX_TERM_DEPTH {
                    return Err(BeamError::TooDeep {
                        at: cursor.location(),
                        limit: MAX_TERM_DEPTH,
                    });
                }
                stack.push(frame);
                continue;
            }
        };
        // Hand the finished value to the innermost open container; close every container
        // that this completes.
        loop {
            let Some(frame) = stack.last_mut() else {
                return Ok(value);
            };
            match frame {
                Frame::Tuple { items, remaining } => {
                    items.push(value);
                    *remaining -= 1;
                    if *remaining > 0 {
                        break;
                    }
                    let items = std::mem::take(items);
                    stack.pop();
                    value = Term::Tuple(items);
                }
                Frame::List { items, remaining } => {
                    items.push(value);
                    *remaining -= 1;
                    if *remaining == 0 {
                        let items = std::mem::take(items);
                        *frame = Frame::ListTail { items };
                    }
                    break;
                }
                Frame::ListTail { items } => {
                    let items = std::mem::take(items);
                    stack.pop();
                    value = make_list(items, value);
                }
                Frame::Map {
                    pairs,
                    key,
                    remaining,
                } => match key.take() {
                    None => {
                        *key = Some(value);
                        break;
                    }
                    Some(map_key) => {
                        pairs.push((map_key, value));
                        *remaining -= 1;
                        if *remaining > 0 {
                            break;
                        }
                        let pairs = std::mem::take(pairs);
                        stack.pop();
                        value = Term::Map(pairs);
                    }
                },
                Frame::FunFreeVars { fun, remaining } => {
                    let Some(open_fun) = fun.as_mut() else {
                        return Err(BeamError::BadTerm {
                            at: cursor.location(),
                            what: "internal error: fun frame already closed".into(),
                        });
                    };
                    open_fun.free_vars.push(value);
                    *remaining -= 1;
                    if *remaining > 0 {
                        break;
                    }
                    let finished = fun.take();
                    stack.pop();
                    match finished {
                        Some(finished) => value = Term::Fun(finished),
                        None => break,
                    }
                }
            }
        }
    }
}

/// Builds a list term from its elements and tail, flattening list and string tails so
/// that each list has one canonical representation.
fn make_list(mut items: Vec<Term>, tail: Term) -> Term {
    let tail = match tail {
        Term::List(more, tail) => {
            items.extend(more);
            *tail
        }
        Term::String(bytes) if !items.is_empty() => {
            items.extend(bytes.into_iter().map(|b| Term::Integer(i64::from(b))));
            Term::Nil
        }
        other => other,
    };
    if items.is_empty() {
        tail
    } else {
        Term::List(items, Box::new(tail))
    }
}

fn read_step(cursor: &mut Cursor<'_>, at_top_level: bool) -> Result<Step> {
    let at = cursor.location();
    let tag_byte = cursor.u8("term tag")?;
    let term = match tag_byte {
        tag::SMALL_INTEGER => Term::Integer(i64::from(cursor.u8("SMALL_INTEGER_EXT")?)),
        tag::INTEGER => Term::Integer(i64::from(cursor.i32("INTEGER_EXT")?)),
        tag::SMALL_BIG => {
            let count = usize::from(cursor.u8("SMALL_BIG_EXT length")?);
            read_big(cursor, count)?
        }
        tag::LARGE_BIG => {
            let count = u64::from(cursor.u32("LARGE_BIG_EXT length")?);
            let count = cursor.check_count(count, 1, "LARGE_BIG_EXT length")?;
            read_big(cursor, count)?
        }
        tag::NEW_FLOAT => Term::Float(f64::from_bits(cursor.u64("NEW_FLOAT_EXT")?)),
        tag::FLOAT => read_old_float(cursor)?,
        tag::ATOM | tag::SMALL_ATOM | tag::ATOM_UTF8 | tag::SMALL_ATOM_UTF8 => {
            Term::Atom(read_atom_body(cursor, tag_byte)?)
        }
        tag::NIL => Term::Nil,
        tag::STRING => {
            let length = usize::from(cursor.u16("STRING_EXT length")?);
            Term::String(cursor.bytes(length, "STRING_EXT characters")?.to_vec())
        }
        tag::BINARY => {
            let length = u64::from(cursor.u32("BINARY_EXT length")?);
            let length = cursor.check_count(length, 1, "BINARY_EXT length")?;
            Term::Binary(cursor.bytes(length, "BINARY_EXT data")?.to_vec())
        }
        tag::BIT_BINARY => {
            let length = u64::from(cursor.u32("BIT_BINARY_EXT length")?);
            let bits_at = cursor.location();
            let bits = cursor.u8("BIT_BINARY_EXT bits")?;
            let length = cursor.check_count(length, 1, "BIT_BINARY_EXT length")?;
            let bytes = cursor.bytes(length, "BIT_BINARY_EXT data")?.to_vec();
            if bits == 0 || bits > 8 || (length == 0 && bits != 8) {
                return Err(BeamError::BadTerm {
                    at: bits_at,
                    what: format!("BIT_BINARY_EXT with {bits} bits in the last of {length} bytes"),
                });
            }
            if bits == 8 {
                Term::Binary(bytes)
            } else {
                Term::Bitstring { bytes, bits }
            }
        }
        tag::SMALL_TUPLE | tag::LARGE_TUPLE => {
            let arity = if tag_byte == tag::SMALL_TUPLE {
                u64::from(cursor.u8("SMALL_TUPLE_EXT arity")?)
            } else {
                u64::from(cursor.u32("LARGE_TUPLE_EXT arity")?)
            };
            let arity = cursor.check_count(arity, 1, "tuple arity")?;
            if arity == 0 {
                Term::Tuple(Vec::new())
            } else {
                return Ok(Step::Open(Frame::Tuple {
                    items: Vec::with_capacity(arity),
                    remaining: arity,
                }));
            }
        }
        tag::LIST => {
            let length = u64::from(cursor.u32("LIST_EXT length")?);
            // Each element takes at least one byte, and so does the tail.
            let length = cursor.check_count(length.saturating_add(1), 1, "list length")? - 1;
            return Ok(Step::Open(if length == 0 {
                Frame::ListTail { items: Vec::new() }
            } else {
                Frame::List {
                    items: Vec::with_capacity(length),
                    remaining: length,
                }
            }));
        }
        tag::MAP => {
            let arity = u64::from(cursor.u32("MAP_EXT arity")?);
            let arity = cursor.check_count(arity, 2, "map arity")?;
            if arity == 0 {
                Term::Map(Vec::new())
            } else {
                return Ok(Step::Open(Frame::Map {
                    pairs: Vec::with_capacity(arity),
                    key: None,
                    remaining: arity,
                }));
            }
        }
        tag::EXPORT => {
            let module = read_atom(cursor)?;
            let function = read_atom(cursor)?;
            let arity_at = cursor.location();
            let arity = read_small_int(cursor)?;
            let arity = u8::try_from(arity).map_err(|_| BeamError::BadTerm {
                at: arity_at,
                what: format!("EXPORT_EXT arity {arity}"),
            })?;
            Term::ExportFun(Box::new(ExportFun {
                module,
                function,
                arity,
            }))
        }
        tag::NEW_FUN => {
            let _size = cursor.u32("NEW_FUN_EXT size")?;
            let arity = cursor.u8("NEW_FUN_EXT arity")?;
            let mut uniq = [0u8; 16];
            uniq.copy_from_slice(cursor.bytes(16, "NEW_FUN_EXT uniq")?);
            let index = cursor.u32("NEW_FUN_EXT index")?;
            let free_count = u64::from(cursor.u32("NEW_FUN_EXT free variable count")?);
            let module = read_atom(cursor)?;
            let old_index = read_small_int(cursor)?;
            let old_uniq = read_small_int(cursor)?;
            let pid = read_pid(cursor)?;
            let free_count = cursor.check_count(free_count, 1, "fun free variable count")?;
            let fun = Box::new(Fun {
                module,
                arity,
                uniq,
                index,
                old_index,
                old_uniq,
                pid,
                free_vars: Vec::with_capacity(free_count),
            });
            if free_count == 0 {
                Term::Fun(fun)
            } else {
                return Ok(Step::Open(Frame::FunFreeVars {
                    fun: Some(fun),
                    remaining: free_count,
                }));
            }
        }
        tag::NEW_PID | tag::PID => read_pid_body(cursor, tag_byte)?,
        tag::NEW_PORT | tag::PORT | tag::V4_PORT => {
            let node = read_atom(cursor)?;
            let id = if tag_byte == tag::V4_PORT {
                cursor.u64("port id")?
            } else {
                u64::from(cursor.u32("port id")?)
            };
            let creation = if tag_byte == tag::PORT {
                u32::from(cursor.u8("port creation")?)
            } else {
                cursor.u32("port creation")?
            };
            Term::Port(Box::new(Port { node, id, creation }))
        }
        tag::NEWER_REFERENCE | tag::NEW_REFERENCE => {
            let count = u64::from(cursor.u16("reference length")?);
            let node = read_atom(cursor)?;
            let creation = if tag_byte == tag::NEW_REFERENCE {
                u32::from(cursor.u8("reference creation")?)
            } else {
                cursor.u32("reference creation")?
            };
            let count = cursor.check_count(count, 4, "reference length")?;
            let mut ids = Vec::with_capacity(count);
            for _ in 0..count {
                ids.push(cursor.u32("reference id")?);
            }
            Term::Reference(Box::new(Reference {
                node,
                creation,
                ids,
            }))
        }
        tag::COMPRESSED => {
            if !at_top_level {
                return Err(BeamError::BadTerm {
                    at,
                    what: "COMPRESSED term nested inside another term".into(),
                });
            }
            let size = cursor.u32("COMPRESSED uncompressed size")?;
            let data_at = cursor.location();
            let compressed = cursor.rest();
            let inflated = inflate_exact(cursor.chunk(), compressed, size as usize)?;
            let mut inner = Cursor::new(&inflated, data_at.offset, cursor.chunk())
                .with_context(Context::InflatedLiterals);
            let term = read_term(&mut inner)?;
            expect_end(&inner)?;
            term
        }
        other => {
            return Err(BeamError::BadTerm {
                at,
                what: format!("unknown or unsupported tag {other}"),
            })
        }
    };
    Ok(Step::Done(term))
}

fn read_big(cursor: &mut Cursor<'_>, count: usize) -> Result<Term> {
    let sign_at = cursor.location();
    let sign = match cursor.u8("big integer sign")? {
        0 => Sign::Plus,
        1 => Sign::Minus,
        other => {
            return Err(BeamError::BadTerm {
                at: sign_at,
                what: format!("big integer sign byte {other}"),
            })
        }
    };
    let digits = cursor.bytes(count, "big integer digits")?;
    let value = BigInt::from_bytes_le(sign, digits);
    Ok(match value.to_i64() {
        Some(small) => Term::Integer(small),
        None => Term::BigInt(value),
    })
}

/// `FLOAT_EXT`: 31 bytes of `printf("%.20e")` text, NUL padded.
fn read_old_float(cursor: &mut Cursor<'_>) -> Result<Term> {
    let at = cursor.location();
    let text = cursor.bytes(31, "FLOAT_EXT text")?;
    let end = text.iter().position(|&b| b == 0).unwrap_or(text.len());
    std::str::from_utf8(&text[..end])
        .ok()
        .and_then(|s| s.trim().parse::<f64>().ok())
        .map(Term::Float)
        .ok_or_else(|| BeamError::BadTerm {
            at,
            what: "FLOAT_EXT text is not a float".into(),
        })
}

fn read_atom_body(cursor: &mut Cursor<'_>, tag_byte: u8) -> Result<String> {
    let length = match tag_byte {
        tag::SMALL_ATOM | tag::SMALL_ATOM_UTF8 => usize::from(cursor.u8("atom length")?),
        _ => usize::from(cursor.u16("atom length")?),
    };
    let at = cursor.location();
    let bytes = cursor.bytes(length, "atom text")?;
    match tag_byte {
        // Latin-1: every byte is the code point of the same value.
        tag::ATOM | tag::SMALL_ATOM => Ok(bytes.iter().map(|&b| char::from(b)).collect()),
        _ => std::str::from_utf8(bytes)
            .map(str::to_owned)
            .map_err(|_| BeamError::BadUtf8 {
                at,
                what: "atom text",
            }),
    }
}

fn read_atom(cursor: &mut Cursor<'_>) -> Result<String> {
    let at = cursor.location();
    let tag_byte = cursor.u8("atom tag")?;
    match tag_byte {
        tag::ATOM | tag::SMALL_ATOM | tag::ATOM_UTF8 | tag::SMALL_ATOM_UTF8 => {
            read_atom_body(cursor, tag_byte)
        }
        other => Err(BeamError::BadTerm {
            at,
            what: format!("expected an atom, found tag {other}"),
        }),
    }
}

fn read_small_int(cursor: &mut Cursor<'_>) -> Result<i64> {
    let at = cursor.location();
    match cursor.u8("integer tag")? {
        tag::SMALL_INTEGER => Ok(i64::from(cursor.u8("SMALL_INTEGER_EXT")?)),
        tag::INTEGER => Ok(i64::from(cursor.i32("INTEGER_EXT")?)),
        other => Err(BeamError::BadTerm {
            at,
            what: format!("expected a small integer, found tag {other}"),
        }),
    }
}

fn read_pid(cursor: &mut Cursor<'_>) -> Result<Term> {
    let at = cursor.location();
    let tag_byte = cursor.u8("pid tag")?;
    match tag_byte {
        tag::NEW_PID | tag::PID => read_pid_body(cursor, tag_byte),
        other => Err(BeamError::BadTerm {
            at,
            what: format!("expected a pid, found tag {other}"),
        }),
    }
}

fn read_pid_body(cursor: &mut Cursor<'_>, tag_byte: u8) -> Result<Term> {
    let node = read_atom(cursor)?;
    let id = cursor.u32("pid id")?;
    let serial = cursor.u32("pid serial")?;
    let creation = if tag_byte == tag::PID {
        u32::from(cursor.u8("pid creation")?)
    } else {
        cursor.u32("pid creation")?
    };
    Ok(Term::Pid(Box::new(Pid {
        node,
        id,
        serial,
        creation,
    })))
}

/// zlib can expand at most about 1032:1, so a declared size beyond this ratio is a lie.
const MAX_ZLIB_RATIO: usize = 1100;

/// Inflates `compressed` (a zlib stream), which must produce exactly `expected_size` bytes.
pub(crate) fn inflate_exact(
    chunk: ChunkId,
    compressed: &[u8],
    expected_size: usize,
) -> Result<Vec<u8>> {
    inflate_to_size(
        flate2::read::ZlibDecoder::new(compressed),
        compressed.len(),
        expected_size,
    )
    .map_err(|message| BeamError::BadZlib { chunk, message })
}

/// Reads `decoder` (inflating `compressed_len` bytes), which must produce exactly
/// `expected_size` bytes. The output is never allowed to grow past the declared size, nor the
/// declared size past what the input could possibly expand to. The error says which.
pub(crate) fn inflate_to_size(
    decoder: impl Read,
    compressed_len: usize,
    expected_size: usize,
) -> std::result::Result<Vec<u8>, String> {
    let plausible_limit = compressed_len.saturating_mul(MAX_ZLIB_RATIO);
    if expected_size > plausible_limit {
        return Err(format!(
            "declared size {expected_size} is impossible for {compressed_len} compressed bytes"
        ));
    }
    let mut inflated = Vec::with_capacity(expected_size);
    // Read one byte more than declared to detect data that is too long.
    decoder
        .take(expected_size as u64 + 1)
        .read_to_end(&mut inflated)
        .map_err(|error| error.to_string())?;
    if inflated.len() != expected_size {
        return Err(format!(
            "inflated to {} bytes, declared {expected_size}",
            if inflated.len() > expected_size {
                format!("more than {expected_size}")
            } else {
                inflated.len().to_string()
            }
        ));
    }
    Ok(inflated)
}
