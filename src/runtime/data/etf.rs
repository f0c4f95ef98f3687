//! The external term format in the runtime, in one place: `term_to_binary` encodes a term on
//! the heap as OTP 25 does; `binary_to_term` decodes with `beam::etf` (the decoder the compiler
//! reads literals with) and turns the result into a value to write. Compression is zlib-rs's:
//! valid zlib data, the bytes C zlib writes for short terms only.
//!
//! Integers are encoded by value, whatever beamwasm holds them as (a 60-bit small or a
//! bignum): `SMALL_INTEGER_EXT` for 0..=255, `INTEGER_EXT` within 32 bits, `SMALL_BIG_EXT`
//! (or `LARGE_BIG_EXT`) beyond, as 64-bit OTP 25 writes them; decoded integers become smalls
//! whenever they fit 60 bits (`Value::Int` is written so).
//!
//! Pids, ports and references are this node's (`nonode@nohost`, creation 0, as a
//! non-distributed `erl` writes them); a reference's number is its first two ids. A local fun
//! is `NEW_FUN_EXT` with its module's MD5 (looked up through `ModuleMd5`) and its creator;
//! one decodes to the same fun when that module's code is loaded (`FunEntry`), and is an
//! unsupported-term fault otherwise, as are pids, ports and references of other nodes.

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

/// The node a non-distributed `erl` names in pids, ports and references.
const LOCAL_NODE: &str = "nonode@nohost";

/// `term_to_binary/2`'s options.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Options {
    /// 0: floats as `FLOAT_EXT` text; 1 (the default): `NEW_FLOAT_EXT`; 2: also every atom
    /// in UTF-8.
    pub minor_version: u8,
    /// zlib level, 0 (none, the default) to 9.
    pub compression: u8,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            minor_version: 1,
            compression: 0,
        }
    }
}

fn unsupported(what: &'static str) -> Raise {
    Raise::Fault(Fault::Unsupported(what.to_string()))
}

/// The MD5 of the module loaded at an index (`NEW_FUN_EXT`'s `Uniq`), when it is loaded.
pub(crate) type ModuleMd5<'a> = &'a dyn Fn(u32) -> Option<[u8; 16]>;

/// For callers without the code room at hand: every local fun is then an unsupported term.
pub(crate) fn no_module_md5(_: u32) -> Option<[u8; 16]> {
    None
}

/// Funs nested in funs' free variables that one encoding follows (each is a Rust frame).
const MAX_FUN_NESTING: u32 = 1000;

/// `term_to_binary(Term, Options)`: the external term format as OTP 25 writes it, version byte
/// first. Compressed, the term is `COMPRESSED_EXT` (its size, then
/// zlib data) when that is at least 5 bytes shorter than the term, as OTP decides.
pub(crate) fn term_to_binary_with(
    heap: Heap<'_>,
    atoms: &AtomTable,
    root: Term,
    options: Options,
    module_md5: ModuleMd5<'_>,
) -> Result<Vec<u8>, Raise> {
    let (out, _) = encode_with_pieces(heap, atoms, root, options, module_md5)?;
    if options.compression > 0 {
        let plain = &out[1..];
        let compressed = compress(plain, options.compression);
        if compressed.len() + 5 <= plain.len() {
            let mut packed = vec![VERSION, 80];
            packed.extend_from_slice(&(plain.len() as u32).to_be_bytes());
            packed.extend_from_slice(&compressed);
            return Ok(packed);
        }
    }
    Ok(out)
}

/// The encoding with its version byte, and where the data of binaries of more than
/// `IOVEC_BINARY_LIMIT` bytes lies in it (outside funs).
fn encode_with_pieces(
    heap: Heap<'_>,
    atoms: &AtomTable,
    root: Term,
    options: Options,
    module_md5: ModuleMd5<'_>,
) -> Result<(Vec<u8>, Vec<std::ops::Range<usize>>), Raise> {
    let mut out = vec![VERSION];
    let context = Encoding {
        heap,
        atoms,
        options,
        module_md5,
        large_binaries: Default::default(),
    };
    encode(&context, root, &mut out, 0)?;
    Ok((out, context.large_binaries.into_inner()))
}

/// Binaries larger than this are off-heap in OTP, and `term_to_iovec` hands their data over
/// as elements of their own.
const IOVEC_BINARY_LIMIT: usize = 64;

/// `term_to_iovec(Term, Options)` without compression: `term_to_binary`'s bytes cut around
/// the data of large binaries, which OTP does not copy (so neither piece list is empty).
pub(crate) fn term_to_iovec_with(
    heap: Heap<'_>,
    atoms: &AtomTable,
    root: Term,
    options: Options,
    module_md5: ModuleMd5<'_>,
) -> Result<Vec<Vec<u8>>, Raise> {
    let (out, large) = encode_with_pieces(heap, atoms, root, options, module_md5)?;
    let mut pieces = Vec::new();
    let mut from = 0;
    for range in large {
        pieces.push(out[from..range.start].to_vec());
        pieces.push(out[range.clone()].to_vec());
        from = range.end;
    }
    pieces.push(out[from..].to_vec());
    pieces.retain(|piece| !piece.is_empty());
    Ok(pieces)
}

/// zlib's `compress2`: the zlib format at `level`.
fn compress(data: &[u8], level: u8) -> Vec<u8> {
    let config = zlib_rs::DeflateConfig {
        level: level.into(),
        ..Default::default()
    };
    let mut deflate = zlib_rs::Deflate::new_with_config(config);
    // zlib's bound for one-shot compression of `data`.
    let mut out = vec![0u8; zlib_rs::compress_bound(data.len())];
    let _ = deflate.compress(data, &mut out, zlib_rs::DeflateFlush::Finish);
    out.truncate(deflate.total_out() as usize);
    out
}

/// `FLOAT_EXT`'s text: C's `%.20e`, zero-padded to 31 bytes.
fn float_text(f: f64) -> [u8; 31] {
    let rust = format!("{f:.20e}");
    let (mantissa, exponent) = rust.split_once('e').unwrap_or((&rust, "0"));
    let exponent: i32 = exponent.parse().unwrap_or(0);
    let sign = if exponent < 0 { '-' } else { '+' };
    let text = format!("{mantissa}e{sign}{:02}", exponent.abs());
    let mut out = [0u8; 31];
    for (slot, byte) in out.iter_mut().zip(text.bytes()) {
        *slot = byte;
    }
    out
}

/// An atom: `ATOM_EXT` (latin1) below minor version 2 when its text is latin1, else
/// `SMALL_ATOM_UTF8_EXT` or `ATOM_UTF8_EXT`; node names in pids, ports and references too.
fn encode_atom(name: &str, options: Options, out: &mut Vec<u8>) {
    if options.minor_version < 2 && name.chars().all(|c| (c as u32) < 256) {
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

/// The node, an id and creation 0: `NEW_PID_EXT` (serial 0), `NEW_PORT_EXT`.
fn encode_local(tag: u8, id: u32, serial: Option<u32>, options: Options, out: &mut Vec<u8>) {
    out.push(tag);
    encode_atom(LOCAL_NODE, options, out);
    out.extend_from_slice(&id.to_be_bytes());
    if let Some(serial) = serial {
        out.extend_from_slice(&serial.to_be_bytes());
    }
    out.extend_from_slice(&0u32.to_be_bytes());
}

/// The continuation of a local fun in the external term format: its module's name and MD5 and
/// its index, when that code is loaded.
pub(crate) type FunEntry<'a> = &'a dyn Fn(&str, &[u8; 16], u32) -> Option<u64>;

/// For callers without the code room at hand: every local fun is then an unsupported term.
pub(crate) fn no_fun_entry(_: &str, _: &[u8; 16], _: u32) -> Option<u64> {
    None
}

/// `binary_to_term(Binary, Options)`, decoded by the reader's decoder (`beam::etf`, the one the
/// compiler reads literals with); `None` when the bytes are not an external term (badarg).
/// With `safe`, no atom is created (a term naming a new
/// one is `None`, badarg); with `used`, the result is `{Term, BytesUsed}`. Bytes after the
/// term are ignored, as OTP ignores them.
pub(crate) fn binary_to_term_with(
    atoms: &mut AtomTable,
    bytes: &[u8],
    safe: bool,
    used: bool,
    fun_entry: FunEntry<'_>,
) -> Result<Option<Value>, Raise> {
    let Ok((t, length)) = crate::beam::decode_external_prefix(bytes) else {
        return Ok(None);
    };
    if safe && !atoms_exist(atoms, &t) {
        return Ok(None);
    }
    let Some(value) = decode_value_with(atoms, &t, fun_entry)? else {
        return Ok(None);
    };
    Ok(Some(if used {
        Value::Tuple(vec![value, Value::Int(length.into())])
    } else {
        value
    }))
}

/// Whether every atom `t` names (in atoms, pids, references, funs) exists already.
fn atoms_exist(atoms: &AtomTable, t: &External) -> bool {
    let mut pending = vec![t];
    while let Some(t) = pending.pop() {
        let names: Vec<&str> = match t {
            External::Atom(name) => vec![name],
            External::Tuple(elements) => {
                pending.extend(elements);
                vec![]
            }
            External::List(elements, tail) => {
                pending.extend(elements);
                pending.push(tail);
                vec![]
            }
            External::Map(pairs) => {
                for (k, v) in pairs {
                    pending.extend([k, v]);
                }
                vec![]
            }
            External::ExportFun(f) => vec![&f.module, &f.function],
            External::Fun(f) => {
                pending.extend(&f.free_vars);
                pending.push(&f.pid);
                vec![&f.module]
            }
            External::Pid(p) => vec![&p.node],
            External::Port(p) => vec![&p.node],
            External::Reference(r) => vec![&r.node],
            _ => vec![],
        };
        if names.iter().any(|n| atoms.lookup(n).is_none()) {
            return false;
        }
    }
    true
}

/// The order of the kinds of terms: numbers (every integer before every float, as map keys
/// order them), atoms, references, funs, ports, pids, tuples, maps, `[]`, lists, bitstrings.
fn kind_rank(t: &External) -> u8 {
    match t {
        External::Integer(_) | External::BigInt(_) => 0,
        External::Float(_) => 1,
        External::Atom(_) => 2,
        External::Reference(_) => 3,
        External::Fun(_) | External::ExportFun(_) => 4,
        External::Port(_) => 5,
        External::Pid(_) => 6,
        External::Tuple(_) => 7,
        External::Map(_) => 8,
        External::Nil => 9,
        External::List(..) | External::String(_) => 10,
        External::Binary(_) | External::Bitstring { .. } => 11,
    }
}

/// Map key order (term order made exact) of two decoded terms. Nesting is bounded by the
/// decoder's `MAX_TERM_DEPTH`.
fn key_order(a: &External, b: &External) -> std::cmp::Ordering {
    use std::cmp::Ordering;
    let by_kind = kind_rank(a).cmp(&kind_rank(b));
    if by_kind != Ordering::Equal {
        return by_kind;
    }
    let integer = |t: &External| match t {
        External::Integer(v) => BigInt::from(*v),
        External::BigInt(v) => v.clone(),
        _ => BigInt::default(),
    };
    let elements = |t: &External| -> (Vec<External>, External) {
        match t {
            External::List(items, tail) => (items.clone(), (**tail).clone()),
            External::String(bytes) => (
                bytes.iter().map(|&b| External::Integer(b.into())).collect(),
                External::Nil,
            ),
            _ => (Vec::new(), External::Nil),
        }
    };
    let bits = |t: &External| -> (Vec<u8>, u64) {
        match t {
            External::Binary(bytes) => (bytes.clone(), 8 * bytes.len() as u64),
            External::Bitstring { bytes, bits } => (
                bytes.clone(),
                8 * (bytes.len() as u64).saturating_sub(1) + *bits as u64,
            ),
            _ => (Vec::new(), 0),
        }
    };
    let sequence = |xs: &[External], ys: &[External]| {
        for (x, y) in xs.iter().zip(ys) {
            let o = key_order(x, y);
            if o != Ordering::Equal {
                return o;
            }
        }
        xs.len().cmp(&ys.len())
    };
    match (a, b) {
        (External::Float(x), External::Float(y)) => x.partial_cmp(y).unwrap_or(Ordering::Equal),
        (External::Atom(x), External::Atom(y)) => x.cmp(y),
        (External::Tuple(xs), External::Tuple(ys)) => {
            xs.len().cmp(&ys.len()).then_with(|| sequence(xs, ys))
        }
        (External::Map(xs), External::Map(ys)) => {
            let sorted = |pairs: &[(External, External)]| {
                let mut pairs = pairs.to_vec();
                pairs.sort_by(|p, q| key_order(&p.0, &q.0));
                let (keys, values): (Vec<External>, Vec<External>) = pairs.into_iter().unzip();
                (keys, values)
            };
            let ((xk, xv), (yk, yv)) = (sorted(xs), sorted(ys));
            xs.len()
                .cmp(&ys.len())
                .then_with(|| sequence(&xk, &yk))
                .then_with(|| sequence(&xv, &yv))
        }
        (External::List(..) | External::String(_), _) => {
            let ((xs, xt), (ys, yt)) = (elements(a), elements(b));
            for (x, y) in xs.iter().zip(&ys) {
                let o = key_order(x, y);
                if o != Ordering::Equal {
                    return o;
                }
            }
            match xs.len().cmp(&ys.len()) {
                // One list is a prefix of the other: its tail meets the other's element.
                Ordering::Less => key_order(&xt, &ys[xs.len()]),
                Ordering::Greater => key_order(&xs[ys.len()], &yt),
                Ordering::Equal => key_order(&xt, &yt),
            }
        }
        (External::Binary(_) | External::Bitstring { .. }, _) => {
            let ((xb, xn), (yb, yn)) = (bits(a), bits(b));
            xb.cmp(&yb).then(xn.cmp(&yn))
        }
        (External::Integer(_) | External::BigInt(_), _) => integer(a).cmp(&integer(b)),
        (External::Pid(x), External::Pid(y)) => {
            (&x.node, x.id, x.serial).cmp(&(&y.node, y.id, y.serial))
        }
        (External::Port(x), External::Port(y)) => (&x.node, x.id).cmp(&(&y.node, y.id)),
        (External::Reference(x), External::Reference(y)) => {
            (&x.node, x.ids.iter().rev().collect::<Vec<_>>())
                .cmp(&(&y.node, y.ids.iter().rev().collect::<Vec<_>>()))
        }
        (External::ExportFun(x), External::ExportFun(y)) => {
            (&x.module, &x.function, x.arity).cmp(&(&y.module, &y.function, y.arity))
        }
        _ => Ordering::Equal,
    }
}

/// What an encoding reads besides the term.
struct Encoding<'a> {
    heap: Heap<'a>,
    atoms: &'a AtomTable,
    options: Options,
    module_md5: ModuleMd5<'a>,
    /// Where the whole bytes of each large binary are in the output (`term_to_iovec`).
    large_binaries: std::cell::RefCell<Vec<std::ops::Range<usize>>>,
}

/// The external term format without the version byte; `funs` is how many funs enclose
/// `root`.
fn encode(context: &Encoding<'_>, root: Term, out: &mut Vec<u8>, funs: u32) -> Result<(), Raise> {
    let (heap, atoms, options) = (context.heap, context.atoms, context.options);
    let mut stack = vec![root];
    while let Some(t) = stack.pop() {
        match term::shape(t) {
            Shape::Small(v) => encode_integer(&BigInt::from(v), out),
            Shape::Atom(index) => {
                let name = atoms.name(index).ok_or(TermError::Malformed {
                    term: t,
                    what: "atom index not in the atom table",
                })?;
                encode_atom(name, options, out);
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
                    let whole = (v.size / 8) as usize;
                    if funs == 0 && whole > IOVEC_BINARY_LIMIT {
                        let start = out.len();
                        context
                            .large_binaries
                            .borrow_mut()
                            .push(start..start + whole);
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
                    Boxed::Float(bits) if options.minor_version == 0 => {
                        out.push(99);
                        out.extend_from_slice(&float_text(f64::from_bits(bits)));
                    }
                    Boxed::Float(bits) => {
                        out.push(70);
                        out.extend_from_slice(&bits.to_be_bytes());
                    }
                    Boxed::Other { tag } if tag == term::boxed::REFERENCE => {
                        let number = heap.word(address + term::reference::NUMBER)?;
                        // NEWER_REFERENCE_EXT: three ids, the number in the first two.
                        out.push(90);
                        out.extend_from_slice(&3u16.to_be_bytes());
                        encode_atom(LOCAL_NODE, options, out);
                        out.extend_from_slice(&0u32.to_be_bytes());
                        for id in [number as u32, (number >> 32) as u32, 0] {
                            out.extend_from_slice(&id.to_be_bytes());
                        }
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
                    Boxed::LocalFun {
                        entry,
                        index,
                        arity,
                        module,
                        uniq,
                        creator,
                        free,
                        num_free,
                    } => {
                        let Some(md5) = (context.module_md5)(crate::abi::cp::module(entry)) else {
                            return Err(unsupported(
                                "term_to_binary of a fun whose module is not loaded",
                            ));
                        };
                        if funs >= MAX_FUN_NESTING {
                            return Err(unsupported(
                                "term_to_binary of funs nested more than 1000 deep",
                            ));
                        }
                        // NEW_FUN_EXT: its size (itself included) before the rest, so the
                        // rest is written first.
                        let mut body = vec![arity as u8];
                        body.extend_from_slice(&md5);
                        body.extend_from_slice(&index.to_be_bytes());
                        body.extend_from_slice(&num_free.to_be_bytes());
                        encode(context, module, &mut body, funs + 1)?;
                        encode_integer(&BigInt::from(index), &mut body);
                        encode(context, uniq, &mut body, funs + 1)?;
                        encode(context, creator, &mut body, funs + 1)?;
                        for i in 0..num_free {
                            let variable = heap.word(free + term::word(i))?;
                            encode(context, variable, &mut body, funs + 1)?;
                        }
                        out.push(112);
                        out.extend_from_slice(&(body.len() as u32 + 4).to_be_bytes());
                        out.extend_from_slice(&body);
                    }
                    _ => {
                        return Err(Raise::from(TermError::Malformed {
                            term: t,
                            what: "a boxed term term_to_binary does not know",
                        }))
                    }
                }
            }
            Shape::Pid(id) => encode_local(88, id, Some(0), options, out),
            Shape::Port(id) => encode_local(89, id, None, options, out),
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

/// A decoded external term as a value to write; `None` when OTP refuses it (a map with a key
/// twice: badarg).
pub fn decode_value(atoms: &mut AtomTable, t: &External) -> Result<Option<Value>, Raise> {
    decode_value_with(atoms, t, &no_fun_entry)
}

/// `decode_value`, with local funs found through `fun_entry`.
fn decode_value_with(
    atoms: &mut AtomTable,
    t: &External,
    fun_entry: FunEntry<'_>,
) -> Result<Option<Value>, Raise> {
    let all = |atoms: &mut AtomTable, ts: &[External]| -> Result<Option<Vec<Value>>, Raise> {
        let mut out = Vec::with_capacity(ts.len());
        for t in ts {
            match decode_value_with(atoms, t, fun_entry)? {
                Some(v) => out.push(v),
                None => return Ok(None),
            }
        }
        Ok(Some(out))
    };
    let foreign = |node: &str| node != LOCAL_NODE;
    Ok(Some(match t {
        External::Integer(v) => Value::Int(BigInt::from(*v)),
        External::BigInt(b) => Value::Int(b.clone()),
        External::Float(f) => Value::Float(*f),
        External::Atom(name) => Value::atom(atoms.intern(name)),
        External::Nil => Value::Term(term::NIL),
        External::Tuple(elements) => match all(atoms, elements)? {
            Some(elements) => Value::Tuple(elements),
            None => return Ok(None),
        },
        External::List(elements, tail) => {
            let (Some(elements), Some(tail)) = (
                all(atoms, elements)?,
                decode_value_with(atoms, tail, fun_entry)?,
            ) else {
                return Ok(None);
            };
            Value::List(elements, Box::new(tail))
        }
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
        External::Map(pairs) => {
            let mut pairs: Vec<&(External, External)> = pairs.iter().collect();
            pairs.sort_by(|p, q| key_order(&p.0, &q.0));
            if pairs
                .windows(2)
                .any(|w| key_order(&w[0].0, &w[1].0) == std::cmp::Ordering::Equal)
            {
                return Ok(None);
            }
            let keys: Vec<External> = pairs.iter().map(|p| p.0.clone()).collect();
            let values: Vec<External> = pairs.iter().map(|p| p.1.clone()).collect();
            let (Some(keys), Some(values)) = (all(atoms, &keys)?, all(atoms, &values)?) else {
                return Ok(None);
            };
            if keys.len() > crate::runtime::data::map::FLATMAP_LIMIT {
                let pairs = keys.into_iter().zip(values).collect();
                crate::runtime::data::map::large_from_values(atoms, pairs).map_err(Raise::from)?
            } else {
                Value::FlatMap(Box::new(Value::Tuple(keys)), values)
            }
        }
        External::ExportFun(f) => Value::ExternalFun {
            module: term::atom(atoms.intern(&f.module)),
            function: term::atom(atoms.intern(&f.function)),
            arity: term::small(f.arity.into()),
        },
        External::Pid(p) if !foreign(&p.node) => Value::Term(term::pid(p.id)),
        External::Port(p) if !foreign(&p.node) => match u32::try_from(p.id) {
            Ok(id) => Value::Term(term::port(id)),
            Err(_) => return Ok(None),
        },
        External::Reference(r) if !foreign(&r.node) => {
            let id = |i: usize| u64::from(r.ids.get(i).copied().unwrap_or(0));
            Value::Reference(id(0) | id(1) << 32)
        }
        External::Pid(_) | External::Port(_) | External::Reference(_) => {
            return Err(unsupported(
                "binary_to_term of a pid, port or reference of another node",
            ))
        }
        External::Fun(f) => {
            let Some(entry) = fun_entry(&f.module, &f.uniq, f.index) else {
                return Err(unsupported(
                    "binary_to_term of a fun whose module is not loaded with that code",
                ));
            };
            let creator = match &f.pid {
                External::Pid(p) if !foreign(&p.node) => term::pid(p.id),
                _ => return Err(unsupported("binary_to_term of a fun made on another node")),
            };
            let Some(free) = all(atoms, &f.free_vars)? else {
                return Ok(None);
            };
            Value::LocalFun {
                entry,
                info: term::fun::info(f.index, u32::from(f.arity)),
                module: term::atom(atoms.intern(&f.module)),
                uniq: term::small(f.old_uniq & 0x7FF_FFFF),
                creator,
                free,
            }
        }
    }))
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
            let out = term_to_binary_with(w.heap(), &atoms, t, Options::default(), &no_module_md5)
                .unwrap();
            assert_eq!(out, expected, "{value}");
        }
    }

    #[test]
    fn decoded_integers_are_smalls_within_60_bits() {
        let mut atoms = AtomTable::new();
        let bytes = [131, 110, 6, 0, 0, 0, 0, 0, 0, 1];
        let decoded = binary_to_term_with(&mut atoms, &bytes, false, false, &no_fun_entry)
            .unwrap()
            .unwrap();
        assert_eq!(decoded, Value::Int(BigInt::from(1u64 << 40)));
        let mut memory = vec![0u8; 256];
        let mut w = HeapWriter::new(&mut memory, 64, 256);
        assert_eq!(decoded.write(&mut w).unwrap(), term::small(1 << 40));
    }
}
