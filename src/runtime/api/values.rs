//! Calling Erlang from Rust: `Vm::apply` runs `Module:Function(Args...)` with Rust values
//! converted to terms, and converts the result (or the exception) back.
//!
//! ```no_run
//! use beamwasm::runtime::{ErlValue, Vm, VmOptions};
//!
//! let mut vm = Vm::new(VmOptions::default())?;
//! vm.load_beam_file("math_utils.beam".as_ref())?;
//! vm.link()?;
//! let sum = vm.apply("math_utils", "add", &[ErlValue::from(2), ErlValue::from(40)])?;
//! assert_eq!(sum, ErlValue::from(42));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::cmp::Ordering;

use num_bigint::BigInt;
use num_traits::ToPrimitive;

use crate::abi::term::{self, Shape, Term};
use crate::runtime::error::RuntimeError;
use crate::runtime::term::atoms::AtomTable;
use crate::runtime::term::heap::{Boxed, Heap, TermError};
use crate::runtime::term::print::write_term;
use crate::runtime::term::value::Value;

/// An Erlang term as a Rust value.
#[derive(Clone, Debug, PartialEq)]
pub enum ErlValue {
    Integer(BigInt),
    Float(f64),
    Atom(String),
    /// A binary (a whole number of bytes).
    Binary(Vec<u8>),
    List(Vec<ErlValue>),
    Tuple(Vec<ErlValue>),
    /// Key/value pairs; their order does not matter going in, and comes out in map key order.
    Map(Vec<(ErlValue, ErlValue)>),
    /// A term with no Rust counterpart here (a pid, a fun, a reference, an improper list, a
    /// bitstring): its `~w` text. Results only; it cannot be passed back in.
    Other(String),
}

impl ErlValue {
    pub fn atom(name: &str) -> ErlValue {
        ErlValue::Atom(name.to_string())
    }

    /// A string as Erlang writes it by default: a list of code points.
    pub fn string(text: &str) -> ErlValue {
        ErlValue::List(text.chars().map(|c| ErlValue::from(c as i64)).collect())
    }

    /// The text of a list of code points (an Erlang string), if this is one.
    pub fn as_string(&self) -> Option<String> {
        match self {
            ErlValue::List(items) => items
                .iter()
                .map(|i| match i {
                    ErlValue::Integer(c) => c.to_u32().and_then(char::from_u32),
                    _ => None,
                })
                .collect(),
            _ => None,
        }
    }
}

impl From<i64> for ErlValue {
    fn from(v: i64) -> Self {
        ErlValue::Integer(BigInt::from(v))
    }
}

impl From<i32> for ErlValue {
    fn from(v: i32) -> Self {
        ErlValue::Integer(BigInt::from(v))
    }
}

impl From<BigInt> for ErlValue {
    fn from(v: BigInt) -> Self {
        ErlValue::Integer(v)
    }
}

impl From<f64> for ErlValue {
    fn from(v: f64) -> Self {
        ErlValue::Float(v)
    }
}

impl From<bool> for ErlValue {
    fn from(v: bool) -> Self {
        ErlValue::atom(if v { "true" } else { "false" })
    }
}

impl From<&[u8]> for ErlValue {
    fn from(v: &[u8]) -> Self {
        ErlValue::Binary(v.to_vec())
    }
}

/// An Erlang exception that ended a call: its class, reason and stack trace.
#[derive(Clone, Debug, PartialEq)]
pub struct ErlangError {
    pub class: String,
    pub reason: ErlValue,
    pub stacktrace: ErlValue,
}

impl std::fmt::Display for ErlangError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {:?}", self.class, self.reason)
    }
}

/// Why `Vm::apply` did not return a value.
#[derive(Debug, thiserror::Error)]
pub enum CallError {
    #[error("Erlang exception {0}")]
    Exception(ErlangError),
    #[error(transparent)]
    Runtime(#[from] RuntimeError),
    #[error("argument cannot be passed to Erlang: {0}")]
    Argument(String),
}

/// Rank in term order (`number < atom < ... < bitstring`), for sorting map keys.
fn rank(v: &ErlValue) -> u8 {
    match v {
        ErlValue::Integer(_) | ErlValue::Float(_) => 0,
        ErlValue::Atom(_) => 1,
        ErlValue::Other(_) => 5,
        ErlValue::Tuple(_) => 6,
        ErlValue::Map(_) => 7,
        ErlValue::List(items) if items.is_empty() => 8,
        ErlValue::List(_) => 9,
        ErlValue::Binary(_) => 10,
    }
}

/// Map key order (`docs/abi.md` §3.3): term order, with every integer before every float.
fn key_order(a: &ErlValue, b: &ErlValue) -> Ordering {
    match (a, b) {
        (ErlValue::Integer(x), ErlValue::Integer(y)) => x.cmp(y),
        // -0.0 and 0.0 are one key in OTP 25 (`=:=` holds); floats here are finite.
        (ErlValue::Float(x), ErlValue::Float(y)) => x.partial_cmp(y).unwrap_or(Ordering::Equal),
        (ErlValue::Integer(_), ErlValue::Float(_)) => Ordering::Less,
        (ErlValue::Float(_), ErlValue::Integer(_)) => Ordering::Greater,
        (ErlValue::Atom(x), ErlValue::Atom(y)) => x.cmp(y),
        (ErlValue::Tuple(x), ErlValue::Tuple(y)) => {
            x.len().cmp(&y.len()).then_with(|| lexicographic(x, y))
        }
        (ErlValue::List(x), ErlValue::List(y)) => lexicographic(x, y),
        (ErlValue::Binary(x), ErlValue::Binary(y)) => x.cmp(y),
        (ErlValue::Map(x), ErlValue::Map(y)) => x.len().cmp(&y.len()).then_with(|| {
            let (mut x, mut y) = (x.clone(), y.clone());
            x.sort_by(|p, q| key_order(&p.0, &q.0));
            y.sort_by(|p, q| key_order(&p.0, &q.0));
            let keys = x
                .iter()
                .zip(&y)
                .map(|(p, q)| key_order(&p.0, &q.0))
                .find(|o| o.is_ne());
            keys.unwrap_or_else(|| {
                x.iter()
                    .zip(&y)
                    .map(|(p, q)| key_order(&p.1, &q.1))
                    .find(|o| o.is_ne())
                    .unwrap_or(Ordering::Equal)
            })
        }),
        _ => rank(a).cmp(&rank(b)),
    }
}

fn lexicographic(x: &[ErlValue], y: &[ErlValue]) -> Ordering {
    x.iter()
        .zip(y)
        .map(|(p, q)| key_order(p, q))
        .find(|o| o.is_ne())
        .unwrap_or_else(|| x.len().cmp(&y.len()))
}

/// The value of a map of more than 32 distinct pairs: its tree of
/// `{Size, Position, Key, Value, Left, Right}` nodes in OTP's HAMT order
/// (`runtime::data::map`). The keys are written to a scratch heap to be hashed.
fn large_map(atoms: &AtomTable, pairs: Vec<(Value, Value)>) -> Result<Value, CallError> {
    use crate::runtime::data::map;
    use crate::runtime::term::heap::HeapWriter;
    let words: u64 = pairs.iter().map(|(k, _)| k.words()).sum();
    let scratch_error = |e: TermError| CallError::Argument(format!("a map key: {e}"));
    let bytes = usize::try_from((words + 16) * term::WORD_BYTES as u64)
        .map_err(|_| CallError::Argument("a map too large".into()))?;
    let mut memory = vec![0u8; bytes];
    let end = memory.len() as u32;
    let mut w = HeapWriter::new(&mut memory, term::WORD_BYTES, end);
    let keys = pairs
        .iter()
        .map(|(k, _)| k.write(&mut w))
        .collect::<Result<Vec<Term>, _>>()
        .map_err(scratch_error)?;
    let scratch = keys.iter().map(|&k| (k, term::NIL)).collect::<Vec<_>>();
    let order = map::hamt_order(w.heap(), atoms, &scratch).map_err(scratch_error)?;
    let mut placed: Vec<Option<(Value, Value)>> = pairs.into_iter().map(Some).collect();
    let entries: Vec<(u32, Value, Value)> = order
        .into_iter()
        .map(|(index, position)| {
            let (k, v) = placed[index]
                .take()
                .unwrap_or((Value::Term(term::NIL), Value::Term(term::NIL)));
            (position, k, v)
        })
        .collect();
    fn tree(entries: &[(u32, Value, Value)]) -> Value {
        if entries.is_empty() {
            return Value::Term(term::NIL);
        }
        let mid = entries.len() / 2;
        let (position, k, v) = entries[mid].clone();
        Value::Tuple(vec![
            Value::small(entries.len() as i64),
            Value::small(position as i64),
            k,
            v,
            tree(&entries[..mid]),
            tree(&entries[mid + 1..]),
        ])
    }
    Ok(Value::LargeMap(
        entries.len() as u32,
        Box::new(tree(&entries)),
    ))
}

/// The `Value` that writes `v` to a heap.
pub(crate) fn to_value(
    atoms: &mut AtomTable,
    v: &ErlValue,
    depth: u32,
) -> Result<Value, CallError> {
    if depth > 10_000 {
        return Err(CallError::Argument("nested more than 10,000 deep".into()));
    }
    Ok(match v {
        ErlValue::Integer(i) => Value::Int(i.clone()),
        ErlValue::Float(f) if f.is_finite() => Value::Float(*f),
        ErlValue::Float(f) => return Err(CallError::Argument(format!("the float {f}"))),
        ErlValue::Atom(name) => {
            if name.chars().count() > 255 {
                return Err(CallError::Argument("an atom of over 255 characters".into()));
            }
            Value::atom(atoms.intern(name))
        }
        ErlValue::Binary(bytes) => Value::Bitstring {
            data: bytes.clone(),
            bits: 8 * bytes.len() as u64,
        },
        ErlValue::List(items) => Value::proper_list(
            items
                .iter()
                .map(|i| to_value(atoms, i, depth + 1))
                .collect::<Result<_, _>>()?,
        ),
        ErlValue::Tuple(items) => Value::Tuple(
            items
                .iter()
                .map(|i| to_value(atoms, i, depth + 1))
                .collect::<Result<_, _>>()?,
        ),
        ErlValue::Map(pairs) => {
            let mut sorted: Vec<&(ErlValue, ErlValue)> = pairs.iter().collect();
            sorted.sort_by(|p, q| key_order(&p.0, &q.0));
            // Of equal keys the last one given stays, as maps:from_list does.
            let mut unique: Vec<&(ErlValue, ErlValue)> = Vec::new();
            for p in sorted {
                match unique.last_mut() {
                    Some(last) if key_order(&last.0, &p.0).is_eq() => *last = p,
                    _ => unique.push(p),
                }
            }
            let converted = unique
                .into_iter()
                .map(|(k, v)| {
                    Ok((
                        to_value(atoms, k, depth + 1)?,
                        to_value(atoms, v, depth + 1)?,
                    ))
                })
                .collect::<Result<Vec<_>, CallError>>()?;
            if converted.len() <= crate::runtime::data::map::FLATMAP_LIMIT {
                let (keys, values): (Vec<Value>, Vec<Value>) = converted.into_iter().unzip();
                Value::FlatMap(Box::new(Value::Tuple(keys)), values)
            } else {
                large_map(atoms, converted)?
            }
        }
        ErlValue::Other(text) => {
            return Err(CallError::Argument(format!(
                "{text} has no Rust form to pass in"
            )))
        }
    })
}

/// The Rust value of the term `t`.
pub(crate) fn from_term(
    heap: Heap<'_>,
    atoms: &AtomTable,
    t: Term,
    depth: u32,
) -> Result<ErlValue, TermError> {
    if depth > 10_000 {
        return Err(TermError::Malformed {
            term: t,
            what: "a result nested more than 10,000 deep",
        });
    }
    let other = |t: Term| -> Result<ErlValue, TermError> {
        let mut text = Vec::new();
        write_term(heap, atoms, t, &mut text)?;
        Ok(ErlValue::Other(String::from_utf8_lossy(&text).into_owned()))
    };
    Ok(match term::shape(t) {
        Shape::Small(v) => ErlValue::from(v),
        Shape::Atom(index) => ErlValue::Atom(
            atoms
                .name(index)
                .ok_or(TermError::Malformed {
                    term: t,
                    what: "atom index not in the atom table",
                })?
                .to_string(),
        ),
        Shape::Nil => ErlValue::List(Vec::new()),
        Shape::Cons(_) => {
            let mut items = Vec::new();
            let mut rest = t;
            while let Shape::Cons(cell) = term::shape(rest) {
                let (head, tail) = heap.cons(cell)?;
                items.push(from_term(heap, atoms, head, depth + 1)?);
                rest = tail;
            }
            if rest != term::NIL {
                return other(t);
            }
            ErlValue::List(items)
        }
        Shape::Boxed(address) => {
            if let Some(view) = crate::runtime::data::bits::view(heap, t)? {
                if view.size.is_multiple_of(8) {
                    return Ok(ErlValue::Binary(crate::runtime::data::bits::extract(
                        heap, &view,
                    )?));
                }
                return other(t);
            }
            match heap.boxed(t, address)? {
                Boxed::BigInt { .. } => ErlValue::Integer(heap.integer(t)?.unwrap_or_default()),
                Boxed::Float(bits) => ErlValue::Float(f64::from_bits(bits)),
                Boxed::Tuple { arity, elements } => ErlValue::Tuple(
                    (0..arity)
                        .map(|i| {
                            let element = heap.word(elements + term::word(i))?;
                            from_term(heap, atoms, element, depth + 1)
                        })
                        .collect::<Result<_, _>>()?,
                ),
                Boxed::Map { .. } | Boxed::LargeMap { .. } => ErlValue::Map(
                    crate::runtime::data::map::sorted_entries_of(heap, atoms, t)?
                        .into_iter()
                        .map(|(k, v)| {
                            Ok((
                                from_term(heap, atoms, k, depth + 1)?,
                                from_term(heap, atoms, v, depth + 1)?,
                            ))
                        })
                        .collect::<Result<_, TermError>>()?,
                ),
                _ => other(t)?,
            }
        }
        _ => other(t)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_round_trip_as_code_points() {
        let s = ErlValue::string("héllo");
        assert_eq!(s.as_string().as_deref(), Some("héllo"));
        assert_eq!(ErlValue::atom("x").as_string(), None);
    }

    #[test]
    fn map_keys_sort_integers_before_floats() {
        let mut keys = vec![ErlValue::Float(1.0), ErlValue::from(2), ErlValue::atom("a")];
        keys.sort_by(key_order);
        assert_eq!(
            keys,
            vec![ErlValue::from(2), ErlValue::Float(1.0), ErlValue::atom("a")]
        );
    }

    #[test]
    fn integers_up_to_60_bits_are_smalls() {
        use crate::runtime::term::heap::HeapWriter;
        let mut memory = vec![0u8; 4096];
        let mut atoms = AtomTable::new();
        let mut w = HeapWriter::new(&mut memory, 64, 4096);
        for (v, small) in [
            (term::SMALL_MAX, true),
            (term::SMALL_MAX + 1, false),
            (term::SMALL_MIN, true),
            (term::SMALL_MIN - 1, false),
            (1 << 40, true),
        ] {
            let given = ErlValue::from(v);
            let t = to_value(&mut atoms, &given, 0)
                .unwrap()
                .write(&mut w)
                .unwrap();
            assert_eq!(matches!(term::shape(t), Shape::Small(_)), small, "{v}");
            assert_eq!(from_term(w.heap(), &atoms, t, 0).unwrap(), given);
        }
    }
}
