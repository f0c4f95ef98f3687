//! The pure BIFs of `abi::Bif`, implemented on terms in memory. A BIF reads its arguments,
//! and returns a `Value` (written to the process heap by the caller) or raises an Erlang
//! exception (`badarg`, `badarith`, ...). A bad argument is never a host error.

use crate::runtime::bifs::{badarg, error_atom};
use std::cmp::Ordering;

use num_bigint::BigInt;
use num_traits::{One, Signed, ToPrimitive, Zero};

use super::Raise;
use crate::abi::bifs::{BinaryBif, ErlangBif};
use crate::abi::term::{self, Shape, Term};
use crate::runtime::exception::Class;
use crate::runtime::term::atoms::AtomTable;
use crate::runtime::term::compare::{compare, Exactness};
use crate::runtime::term::heap::{Boxed, Heap, TermError};
use crate::runtime::term::value::Value;

fn badarith(atoms: &mut AtomTable) -> Raise {
    error_atom(atoms, "badarith")
}

/// Bits an integer result may have before the BIF gives up with `system_limit`, so that
/// `1 bsl (1 bsl 40)` is an error instead of exhausting memory.
const MAX_INTEGER_BITS: u64 = 1 << 24;

enum Number {
    Int(BigInt),
    Float(f64),
}

fn number(heap: Heap<'_>, t: Term) -> Result<Option<Number>, TermError> {
    if let Some(i) = heap.integer(t)? {
        return Ok(Some(Number::Int(i)));
    }
    if let Shape::Boxed(address) = term::shape(t) {
        if let Boxed::Float(bits) = heap.boxed(t, address)? {
            return Ok(Some(Number::Float(f64::from_bits(bits))));
        }
    }
    Ok(None)
}

fn integer(heap: Heap<'_>, atoms: &mut AtomTable, t: Term) -> Result<BigInt, Raise> {
    heap.integer(t)?.ok_or_else(|| badarith(atoms))
}

fn float_result(atoms: &mut AtomTable, f: f64) -> Result<Value, Raise> {
    if f.is_finite() {
        Ok(Value::Float(f))
    } else {
        Err(badarith(atoms))
    }
}

fn int_result(atoms: &mut AtomTable, i: BigInt) -> Result<Value, Raise> {
    if i.bits() > MAX_INTEGER_BITS {
        return Err(error_atom(atoms, "system_limit"));
    }
    Ok(Value::Int(i))
}

fn to_f64(n: &Number) -> f64 {
    match n {
        Number::Int(i) => crate::runtime::term::value::integer_to_f64(i),
        Number::Float(f) => *f,
    }
}

fn arithmetic(
    heap: Heap<'_>,
    atoms: &mut AtomTable,
    bif: ErlangBif,
    a: Term,
    b: Term,
) -> Result<Value, Raise> {
    let (Some(x), Some(y)) = (number(heap, a)?, number(heap, b)?) else {
        return Err(badarith(atoms));
    };
    match (bif, x, y) {
        (ErlangBif::Add, Number::Int(x), Number::Int(y)) => int_result(atoms, x + y),
        (ErlangBif::Subtract, Number::Int(x), Number::Int(y)) => int_result(atoms, x - y),
        (ErlangBif::Multiply, Number::Int(x), Number::Int(y)) => int_result(atoms, x * y),
        (ErlangBif::Divide, x, y) => {
            let d = to_f64(&y);
            if d == 0.0 {
                return Err(badarith(atoms));
            }
            float_result(atoms, to_f64(&x) / d)
        }
        (op @ (ErlangBif::Add | ErlangBif::Subtract | ErlangBif::Multiply), x, y) => {
            let (x, y) = (to_f64(&x), to_f64(&y));
            let r = match op {
                ErlangBif::Add => x + y,
                ErlangBif::Subtract => x - y,
                _ => x * y,
            };
            float_result(atoms, r)
        }
        _ => Err(badarith(atoms)),
    }
}

fn integer_op(
    heap: Heap<'_>,
    atoms: &mut AtomTable,
    bif: ErlangBif,
    a: Term,
    b: Term,
) -> Result<Value, Raise> {
    let x = integer(heap, atoms, a)?;
    let y = integer(heap, atoms, b)?;
    let r = match bif {
        ErlangBif::IntDiv | ErlangBif::Rem if y.is_zero() => return Err(badarith(atoms)),
        ErlangBif::IntDiv => x / y, // truncates toward zero, as `div` does
        ErlangBif::Rem => x % y,    // takes the sign of the dividend, as `rem` does
        ErlangBif::Band => x & y,
        ErlangBif::Bor => x | y,
        ErlangBif::Bxor => x ^ y,
        ErlangBif::Bsl | ErlangBif::Bsr => {
            let shift = if bif == ErlangBif::Bsl { y } else { -y };
            shift_left(atoms, x, shift)?
        }
        _ => return Err(badarith(atoms)),
    };
    int_result(atoms, r)
}

/// `x bsl shift` for any sign of `shift`; a right shift rounds toward negative infinity.
fn shift_left(atoms: &mut AtomTable, x: BigInt, shift: BigInt) -> Result<BigInt, Raise> {
    if x.is_zero() {
        return Ok(x);
    }
    match shift.to_i64() {
        Some(s) if s >= 0 => {
            if x.bits() + s as u64 > MAX_INTEGER_BITS {
                return Err(error_atom(atoms, "system_limit"));
            }
            Ok(x << s as usize)
        }
        Some(s) if s > -(MAX_INTEGER_BITS as i64) => Ok(floor_shift_right(x, (-s) as u64)),
        _ if shift.is_negative() => Ok(if x.is_negative() {
            -BigInt::one()
        } else {
            BigInt::zero()
        }),
        _ => Err(error_atom(atoms, "system_limit")),
    }
}

fn floor_shift_right(x: BigInt, s: u64) -> BigInt {
    if s > x.bits() {
        return if x.is_negative() {
            -BigInt::one()
        } else {
            BigInt::zero()
        };
    }
    // num-bigint's `>>` on a negative number rounds toward negative infinity, like `bsr`.
    x >> s as usize
}

fn list_elements(heap: Heap<'_>, list: Term) -> Result<Option<Vec<Term>>, TermError> {
    heap.proper_list(list)
}

/// `(arity, address of the first element)` of a tuple.
fn tuple(heap: Heap<'_>, t: Term) -> Result<Option<(u32, u32)>, TermError> {
    if let Shape::Boxed(address) = term::shape(t) {
        if let Boxed::Tuple { arity, elements } = heap.boxed(t, address)? {
            return Ok(Some((arity, elements)));
        }
    }
    Ok(None)
}

fn tuple_elements(heap: Heap<'_>, t: Term) -> Result<Option<Vec<Term>>, TermError> {
    heap.tuple_elements(t)
}

/// A small integer in `0..=u32::MAX` (an index, a count, a code point); a larger one is no
/// index of anything in a 32-bit memory.
fn small_nonneg(t: Term) -> Option<u32> {
    match term::shape(t) {
        Shape::Small(v) => u32::try_from(v).ok(),
        _ => None,
    }
}

/// A character list as text, if every element is a Unicode code point.
fn char_list(heap: Heap<'_>, t: Term) -> Result<Option<String>, TermError> {
    let Some(elements) = list_elements(heap, t)? else {
        return Ok(None);
    };
    Ok(elements
        .iter()
        .map(|&e| small_nonneg(e).and_then(char::from_u32))
        .collect())
}

fn chars(text: &str) -> Value {
    Value::proper_list(text.chars().map(|c| Value::small(c as i64)).collect())
}

/// The start of a list, as `string:list_to_integer/1` and `string:list_to_float/1` read it:
/// its leading characters that may belong to a number (digits, signs, `.`, `e`, `E`; the
/// number ends before the first other element), and `rests[i]`, the list from character `i`
/// on (`rests[text.len()]` is what follows the last, an improper tail included).
pub(super) struct NumberPrefix {
    pub text: Vec<u8>,
    pub rests: Vec<Term>,
}

/// `None` when `t` is no list (`{error, not_a_list}`).
pub(super) fn number_prefix(heap: Heap<'_>, t: Term) -> Result<Option<NumberPrefix>, TermError> {
    if !matches!(term::shape(t), Shape::Nil | Shape::Cons(_)) {
        return Ok(None);
    }
    let mut prefix = NumberPrefix {
        text: Vec::new(),
        rests: vec![t],
    };
    let mut rest = t;
    while let Shape::Cons(cell) = term::shape(rest) {
        let (head, tail) = heap.cons(cell)?;
        let byte = match term::shape(head) {
            Shape::Small(c) => u8::try_from(c)
                .ok()
                .filter(|b| b.is_ascii_digit() || b"+-.eE".contains(b)),
            _ => None,
        };
        let Some(byte) = byte else {
            break;
        };
        prefix.text.push(byte);
        prefix.rests.push(tail);
        rest = tail;
    }
    Ok(Some(prefix))
}

/// The end of the digits of `text` from `start` on.
pub(super) fn digits_end(text: &[u8], start: usize) -> usize {
    start
        + text[start.min(text.len())..]
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .count()
}

/// `{error, Why}`.
pub(super) fn error_tuple(atoms: &mut AtomTable, why: &str) -> Value {
    Value::Tuple(vec![
        Value::atom(atoms.intern("error")),
        Value::atom(atoms.intern(why)),
    ])
}

fn type_test(heap: Heap<'_>, bif: ErlangBif, t: Term) -> Result<bool, TermError> {
    let boxed = match term::shape(t) {
        Shape::Boxed(address) => Some(heap.boxed(t, address)?),
        _ => None,
    };
    let shape = term::shape(t);
    Ok(match bif {
        ErlangBif::IsAtom => matches!(shape, Shape::Atom(_)),
        ErlangBif::IsBoolean => t == term::atom_true() || t == term::atom_false(),
        ErlangBif::IsInteger => {
            matches!(shape, Shape::Small(_)) || matches!(boxed, Some(Boxed::BigInt { .. }))
        }
        ErlangBif::IsFloat => matches!(boxed, Some(Boxed::Float(_))),
        ErlangBif::IsNumber => {
            matches!(shape, Shape::Small(_))
                || matches!(boxed, Some(Boxed::BigInt { .. } | Boxed::Float(_)))
        }
        ErlangBif::IsList => matches!(shape, Shape::Nil | Shape::Cons(_)),
        ErlangBif::IsTuple => matches!(boxed, Some(Boxed::Tuple { .. })),
        ErlangBif::IsMap => matches!(boxed, Some(Boxed::Map { .. } | Boxed::LargeMap { .. })),
        ErlangBif::IsBinary => match crate::runtime::data::bits::view(heap, t)? {
            Some(v) => v.size.is_multiple_of(8),
            None => false,
        },
        ErlangBif::IsBitstring => crate::runtime::data::bits::is_bitstring(heap, t)?,
        ErlangBif::IsPid => matches!(shape, Shape::Pid(_)),
        ErlangBif::IsPort => matches!(shape, Shape::Port(_)),
        ErlangBif::IsReference => {
            matches!(boxed, Some(Boxed::Other { tag }) if tag == term::boxed::REFERENCE)
        }
        ErlangBif::IsFunction => matches!(
            boxed,
            Some(Boxed::LocalFun { .. } | Boxed::ExternalFun { .. })
        ),
        _ => false,
    })
}

fn boolean_arg(atoms: &mut AtomTable, t: Term) -> Result<bool, Raise> {
    if t == term::atom_true() {
        Ok(true)
    } else if t == term::atom_false() {
        Ok(false)
    } else {
        Err(badarg(atoms))
    }
}

fn parse_integer(text: &str, base: u32) -> Option<BigInt> {
    let (negative, digits) = match text.as_bytes().first() {
        Some(b'-') => (true, &text[1..]),
        Some(b'+') => (false, &text[1..]),
        _ => (false, text),
    };
    // Every character a digit of `base` (`BigInt::parse_bytes` also takes `_`).
    if digits.is_empty() || !digits.chars().all(|c| c.is_digit(base)) {
        return None;
    }
    let magnitude = BigInt::parse_bytes(digits.as_bytes(), base)?;
    Some(if negative { -magnitude } else { magnitude })
}

fn base_arg(t: Term) -> Option<u32> {
    small_nonneg(t).filter(|b| (2..=36).contains(b))
}

/// Words OTP 25 (64-bit) gives `t` in `erts_debug:flat_size/1`: its own layout, not
/// beamwasm's, so programs that print it agree. `None` for a map of more than 32 keys, whose
/// HAMT nodes beamwasm does not lay out as OTP does.
fn otp_flat_size(heap: Heap<'_>, t: Term) -> Result<Option<u64>, TermError> {
    let mut words = 0u64;
    let mut pending = vec![t];
    while let Some(t) = pending.pop() {
        match term::shape(t) {
            Shape::Cons(cell) => {
                let (head, tail) = heap.cons(cell)?;
                words += 2;
                pending.push(head);
                pending.push(tail);
            }
            Shape::Boxed(address) => {
                if let Some(v) = crate::runtime::data::bits::view(heap, t)? {
                    // A sub binary's bytes are copied as their own heap or refc binary; a
                    // bitstring keeps a sub binary (5 words) over them.
                    let bytes = v.size.div_ceil(8);
                    words += if bytes <= 64 {
                        2 + bytes.div_ceil(8)
                    } else {
                        6
                    };
                    if !v.size.is_multiple_of(8) || !v.offset.is_multiple_of(8) {
                        words += 5;
                    }
                    continue;
                }
                match heap.boxed(t, address)? {
                    // The empty tuple is a global literal in OTP 25.
                    Boxed::Tuple { arity: 0, .. } => {}
                    Boxed::Tuple { arity, elements } => {
                        words += 1 + arity as u64;
                        for i in 0..arity {
                            pending.push(heap.word(elements + term::word(i))?);
                        }
                    }
                    Boxed::BigInt { digits, .. } => words += 1 + digits as u64,
                    Boxed::Float(_) => words += 2,
                    Boxed::Map { size, keys, values } => {
                        // Header, size, keys pointer, values; the keys tuple separately.
                        words += 3 + size as u64;
                        pending.push(keys);
                        for i in 0..size {
                            pending.push(heap.word(values + term::word(i))?);
                        }
                    }
                    Boxed::LargeMap { .. } => return Ok(None),
                    Boxed::LocalFun { free, num_free, .. } => {
                        words += 5 + num_free as u64;
                        for i in 0..num_free {
                            pending.push(heap.word(free + term::word(i))?);
                        }
                    }
                    Boxed::ExternalFun { .. } => words += 5,
                    Boxed::HeapBinary { .. } => {}
                    Boxed::Other { tag } if tag == term::boxed::REFERENCE => words += 3,
                    Boxed::Other { .. } => {}
                }
            }
            _ => {}
        }
    }
    Ok(Some(words))
}

/// Calls `bif` with `args` (as many as its arity).
pub(crate) fn eval(
    bif: ErlangBif,
    heap: Heap<'_>,
    atoms: &mut AtomTable,
    args: &[Term],
) -> Result<Value, Raise> {
    let arg = |i: usize| args.get(i).copied().unwrap_or(term::NIL);
    let (a, b, c) = (arg(0), arg(1), arg(2));
    let compare_with = |atoms: &AtomTable, exactness| compare(heap, atoms, a, b, exactness);
    match bif {
        ErlangBif::Add | ErlangBif::Subtract | ErlangBif::Multiply | ErlangBif::Divide => {
            arithmetic(heap, atoms, bif, a, b)
        }
        ErlangBif::IntDiv
        | ErlangBif::Rem
        | ErlangBif::Band
        | ErlangBif::Bor
        | ErlangBif::Bxor
        | ErlangBif::Bsl
        | ErlangBif::Bsr => integer_op(heap, atoms, bif, a, b),
        ErlangBif::Bnot => {
            let x = integer(heap, atoms, a)?;
            int_result(atoms, -x - 1)
        }
        ErlangBif::Negate => match number(heap, a)? {
            Some(Number::Int(i)) => int_result(atoms, -i),
            Some(Number::Float(f)) => Ok(Value::Float(-f)),
            None => Err(badarith(atoms)),
        },
        ErlangBif::Plus => match number(heap, a)? {
            // OTP adds zero: `+(-0.0)` is 0.0.
            Some(Number::Float(f)) => Ok(Value::Float(0.0 + f)),
            Some(_) => Ok(Value::Term(a)),
            None => Err(badarith(atoms)),
        },
        ErlangBif::Abs => match number(heap, a)? {
            Some(Number::Int(i)) => int_result(atoms, i.abs()),
            // OTP negates only a float below zero: abs(-0.0) is -0.0.
            Some(Number::Float(f)) => Ok(Value::Float(if f < 0.0 { -f } else { f })),
            None => Err(badarg(atoms)),
        },
        ErlangBif::Equal => Ok(Value::boolean(
            compare_with(atoms, Exactness::Arithmetic)? == Ordering::Equal,
        )),
        ErlangBif::NotEqual => Ok(Value::boolean(
            compare_with(atoms, Exactness::Arithmetic)? != Ordering::Equal,
        )),
        ErlangBif::ExactEqual => Ok(Value::boolean(
            compare_with(atoms, Exactness::Exact)? == Ordering::Equal,
        )),
        ErlangBif::ExactNotEqual => Ok(Value::boolean(
            compare_with(atoms, Exactness::Exact)? != Ordering::Equal,
        )),
        ErlangBif::Less => Ok(Value::boolean(
            compare_with(atoms, Exactness::Arithmetic)? == Ordering::Less,
        )),
        ErlangBif::Greater => Ok(Value::boolean(
            compare_with(atoms, Exactness::Arithmetic)? == Ordering::Greater,
        )),
        ErlangBif::LessEqual => Ok(Value::boolean(
            compare_with(atoms, Exactness::Arithmetic)? != Ordering::Greater,
        )),
        ErlangBif::GreaterEqual => Ok(Value::boolean(
            compare_with(atoms, Exactness::Arithmetic)? != Ordering::Less,
        )),
        ErlangBif::Min | ErlangBif::Max => {
            let order = compare_with(atoms, Exactness::Arithmetic)?;
            let pick_b = if bif == ErlangBif::Min {
                order == Ordering::Greater
            } else {
                order == Ordering::Less
            };
            Ok(Value::Term(if pick_b { b } else { a }))
        }
        ErlangBif::And | ErlangBif::Or | ErlangBif::Xor => {
            let (x, y) = (boolean_arg(atoms, a)?, boolean_arg(atoms, b)?);
            Ok(Value::boolean(match bif {
                ErlangBif::And => x && y,
                ErlangBif::Or => x || y,
                _ => x ^ y,
            }))
        }
        ErlangBif::Not => Ok(Value::boolean(!boolean_arg(atoms, a)?)),
        ErlangBif::IsFunction2 => match term::shape(b) {
            Shape::Small(arity) if arity >= 0 => {
                let fun_arity = match term::shape(a) {
                    Shape::Boxed(address) => match heap.boxed(a, address)? {
                        Boxed::LocalFun { arity, .. } => Some(arity as i64),
                        Boxed::ExternalFun { arity, .. } => match term::shape(arity) {
                            Shape::Small(n) => Some(n),
                            _ => None,
                        },
                        _ => None,
                    },
                    _ => None,
                };
                Ok(Value::boolean(fun_arity == Some(arity)))
            }
            // No fun has a big arity; a negative one is a bad argument.
            _ => match heap.integer(b)? {
                Some(big) if big.is_positive() => Ok(Value::boolean(false)),
                _ => Err(badarg(atoms)),
            },
        },
        ErlangBif::MakeFun3 => match (term::shape(a), term::shape(b), term::shape(c)) {
            (Shape::Atom(_), Shape::Atom(_), Shape::Small(n))
                if (0..=term::fun::MAX_ARITY as i64).contains(&n) =>
            {
                Ok(Value::ExternalFun {
                    module: a,
                    function: b,
                    arity: c,
                })
            }
            _ => Err(badarg(atoms)),
        },
        ErlangBif::IsAtom
        | ErlangBif::IsBinary
        | ErlangBif::IsBitstring
        | ErlangBif::IsBoolean
        | ErlangBif::IsFloat
        | ErlangBif::IsFunction
        | ErlangBif::IsInteger
        | ErlangBif::IsList
        | ErlangBif::IsMap
        | ErlangBif::IsNumber
        | ErlangBif::IsPid
        | ErlangBif::IsPort
        | ErlangBif::IsReference
        | ErlangBif::IsTuple => Ok(Value::boolean(type_test(heap, bif, a)?)),
        ErlangBif::Element => {
            let (Some(index), Some((arity, elements))) = (small_nonneg(a), tuple(heap, b)?) else {
                return Err(badarg(atoms));
            };
            if index == 0 || index > arity {
                return Err(badarg(atoms));
            }
            Ok(Value::Term(heap.word(elements + term::word(index - 1))?))
        }
        ErlangBif::SetElement => {
            let (Some(index), Some(mut elements)) = (small_nonneg(a), tuple_elements(heap, b)?)
            else {
                return Err(badarg(atoms));
            };
            if index == 0 || index as usize > elements.len() {
                return Err(badarg(atoms));
            }
            elements[index as usize - 1] = c;
            Ok(Value::Tuple(
                elements.into_iter().map(Value::Term).collect(),
            ))
        }
        ErlangBif::TupleSize | ErlangBif::Size => match tuple(heap, a)? {
            Some((arity, _)) => Ok(Value::small(arity as i64)),
            None if bif == ErlangBif::Size
                && crate::runtime::data::bits::is_bitstring(heap, a)? =>
            {
                crate::runtime::data::bits::eval(BinaryBif::ByteSize, heap, atoms, &[a])
            }
            None => Err(badarg(atoms)),
        },
        ErlangBif::Length => match list_elements(heap, a)? {
            Some(elements) => Ok(Value::small(elements.len() as i64)),
            None => Err(badarg(atoms)),
        },
        ErlangBif::Hd | ErlangBif::Tl => match term::shape(a) {
            Shape::Cons(cell) => {
                let (head, tail) = heap.cons(cell)?;
                Ok(Value::Term(if bif == ErlangBif::Hd { head } else { tail }))
            }
            _ => Err(badarg(atoms)),
        },
        ErlangBif::IsRecord2 | ErlangBif::IsRecord3 => {
            // The tag must be an atom and the size a small integer, whatever the term.
            let size = match (bif, term::shape(c)) {
                (ErlangBif::IsRecord2, _) => None,
                (_, Shape::Small(n)) => Some(n),
                _ => return Err(badarg(atoms)),
            };
            if !matches!(term::shape(b), Shape::Atom(_)) {
                return Err(badarg(atoms));
            }
            let is_record = match tuple(heap, a)? {
                Some((arity, elements)) if arity >= 1 => {
                    size.is_none_or(|n| n == arity as i64) && heap.word(elements)? == b
                }
                _ => false,
            };
            Ok(Value::boolean(is_record))
        }
        ErlangBif::StringListToInteger1 => {
            let Some(prefix) = number_prefix(heap, a)? else {
                return Ok(error_tuple(atoms, "not_a_list"));
            };
            let text = &prefix.text;
            let start = usize::from(matches!(text.first(), Some(b'+' | b'-')));
            let end = digits_end(text, start);
            if end == start {
                return Ok(error_tuple(atoms, "no_integer"));
            }
            let digits = std::str::from_utf8(&text[start..end]).unwrap_or("0");
            let mut value: BigInt = digits.parse().unwrap_or_default();
            if text[0] == b'-' {
                value = -value;
            }
            let value = int_result(atoms, value)?;
            Ok(Value::Tuple(vec![value, Value::Term(prefix.rests[end])]))
        }
        ErlangBif::Append | ErlangBif::ErlangAppend2 => match list_elements(heap, a)? {
            Some(elements) if !elements.is_empty() => Ok(Value::List(
                elements.into_iter().map(Value::Term).collect(),
                Box::new(Value::Term(b)),
            )),
            Some(_) => Ok(Value::Term(b)),
            None => Err(badarg(atoms)),
        },
        ErlangBif::Subtract2 | ErlangBif::ErlangSubtract2 => {
            let (Some(mut left), Some(right)) = (list_elements(heap, a)?, list_elements(heap, b)?)
            else {
                return Err(badarg(atoms));
            };
            // Each element of the right list removes its first exact match from the left.
            for r in right {
                let mut found = None;
                for (i, &l) in left.iter().enumerate() {
                    if compare(heap, atoms, l, r, Exactness::Exact)? == Ordering::Equal {
                        found = Some(i);
                        break;
                    }
                }
                if let Some(i) = found {
                    left.remove(i);
                }
            }
            Ok(Value::proper_list(
                left.into_iter().map(Value::Term).collect(),
            ))
        }
        ErlangBif::AtomToList => match term::shape(a) {
            Shape::Atom(index) => {
                let name = atoms.name(index).ok_or(TermError::Malformed {
                    term: a,
                    what: "atom index not in the atom table",
                })?;
                Ok(chars(name))
            }
            _ => Err(badarg(atoms)),
        },
        ErlangBif::ListToAtom | ErlangBif::ListToExistingAtom => {
            let Some(text) = char_list(heap, a)? else {
                return Err(badarg(atoms));
            };
            if text.chars().count() > 255 {
                return Err(error_atom(atoms, "system_limit"));
            }
            if bif == ErlangBif::ListToExistingAtom {
                return match atoms.lookup(&text) {
                    Some(index) => Ok(Value::atom(index)),
                    None => Err(badarg(atoms)),
                };
            }
            Ok(Value::atom(atoms.intern(&text)))
        }
        ErlangBif::IntegerToList | ErlangBif::IntegerToListBase => {
            let base = if bif == ErlangBif::IntegerToList {
                Some(10)
            } else {
                base_arg(b)
            };
            match (heap.integer(a)?, base) {
                (Some(i), Some(base)) => Ok(chars(&i.to_str_radix(base).to_uppercase())),
                _ => Err(badarg(atoms)),
            }
        }
        ErlangBif::ListToInteger | ErlangBif::ListToIntegerBase => {
            let base = if bif == ErlangBif::ListToInteger {
                Some(10)
            } else {
                base_arg(b)
            };
            let parsed = match (char_list(heap, a)?, base) {
                (Some(text), Some(base)) => parse_integer(&text, base),
                _ => None,
            };
            match parsed {
                Some(i) => int_result(atoms, i),
                None => Err(badarg(atoms)),
            }
        }
        ErlangBif::TupleToList => match tuple_elements(heap, a)? {
            Some(elements) => Ok(Value::proper_list(
                elements.into_iter().map(Value::Term).collect(),
            )),
            None => Err(badarg(atoms)),
        },
        ErlangBif::ListToTuple => match list_elements(heap, a)? {
            Some(elements) => Ok(Value::Tuple(
                elements.into_iter().map(Value::Term).collect(),
            )),
            None => Err(badarg(atoms)),
        },
        ErlangBif::MakeTuple => match small_nonneg(a) {
            Some(n) if n < (1 << 24) => Ok(Value::Tuple(vec![Value::Term(b); n as usize])),
            _ => Err(badarg(atoms)),
        },
        ErlangBif::MakeTupleInit => {
            let (Some(n), Some(inits)) = (small_nonneg(a), list_elements(heap, c)?) else {
                return Err(badarg(atoms));
            };
            if n >= 1 << 24 {
                return Err(badarg(atoms));
            }
            let mut elements = vec![Value::Term(b); n as usize];
            for init in inits {
                match tuple_elements(heap, init)?.as_deref() {
                    Some(&[position, value]) => match small_nonneg(position) {
                        Some(p) if p >= 1 && p <= n => {
                            elements[p as usize - 1] = Value::Term(value)
                        }
                        _ => return Err(badarg(atoms)),
                    },
                    _ => return Err(badarg(atoms)),
                }
            }
            Ok(Value::Tuple(elements))
        }
        ErlangBif::AppendElement => match tuple_elements(heap, a)? {
            Some(mut elements) => {
                elements.push(b);
                Ok(Value::Tuple(
                    elements.into_iter().map(Value::Term).collect(),
                ))
            }
            None => Err(badarg(atoms)),
        },
        ErlangBif::Error1 | ErlangBif::Error2 | ErlangBif::Error3 => Err(Raise::Exception {
            class: Class::Error,
            reason: Value::Term(a),
        }),
        ErlangBif::Exit1 => Err(Raise::Exception {
            class: Class::Exit,
            reason: Value::Term(a),
        }),
        ErlangBif::Throw1 => Err(Raise::Exception {
            class: Class::Throw,
            reason: Value::Term(a),
        }),
        ErlangBif::ListsMember2 => match list_elements(heap, b)? {
            Some(elements) => {
                for e in elements {
                    if compare(heap, atoms, a, e, Exactness::Exact)?.is_eq() {
                        return Ok(Value::boolean(true));
                    }
                }
                Ok(Value::boolean(false))
            }
            None => Err(badarg(atoms)),
        },
        ErlangBif::ListsKeyfind3 | ErlangBif::ListsKeymember3 | ErlangBif::ListsKeysearch3 => {
            // A position past every tuple's arity (up to 2^32) finds nothing, as on OTP.
            let position = match term::shape(b) {
                Shape::Small(n) if n >= 1 => u32::try_from(n).unwrap_or(u32::MAX),
                _ => return Err(badarg(atoms)),
            };
            let Some(elements) = list_elements(heap, c)? else {
                return Err(badarg(atoms));
            };
            for e in elements {
                if let Some((arity, address)) = tuple(heap, e)? {
                    if position <= arity {
                        let key = heap.word(address + term::word(position - 1))?;
                        // Keys compare with ==, as OTP's keyfind does.
                        if compare(heap, atoms, a, key, Exactness::Arithmetic)?.is_eq() {
                            return Ok(match bif {
                                ErlangBif::ListsKeyfind3 => Value::Term(e),
                                ErlangBif::ListsKeymember3 => Value::boolean(true),
                                _ => Value::Tuple(vec![
                                    Value::atom(atoms.intern("value")),
                                    Value::Term(e),
                                ]),
                            });
                        }
                    }
                }
            }
            Ok(Value::boolean(false))
        }
        // The host's environment, as OTP reads it.
        ErlangBif::OsGetenv1 => match char_list(heap, a)? {
            Some(name) if !name.is_empty() && !name.contains('=') => {
                match super::os::environment::var(&name) {
                    Some(value) => Ok(Value::proper_list(
                        value.chars().map(|c| Value::small(c as i64)).collect(),
                    )),
                    None => Ok(Value::boolean(false)),
                }
            }
            _ => Err(badarg(atoms)),
        },
        // Every process is local, and local io is unicode-capable.
        ErlangBif::DflagUnicodeIo1 => match term::shape(a) {
            Shape::Pid(_) => Ok(Value::boolean(true)),
            _ => Err(badarg(atoms)),
        },
        ErlangBif::InsertElement3 => {
            let (Some(index), Some(mut elements)) = (small_nonneg(a), tuple_elements(heap, b)?)
            else {
                return Err(badarg(atoms));
            };
            if index == 0 || index as usize > elements.len() + 1 {
                return Err(badarg(atoms));
            }
            elements.insert(index as usize - 1, c);
            Ok(Value::Tuple(
                elements.into_iter().map(Value::Term).collect(),
            ))
        }
        ErlangBif::DeleteElement2 => {
            let (Some(index), Some(mut elements)) = (small_nonneg(a), tuple_elements(heap, b)?)
            else {
                return Err(badarg(atoms));
            };
            if index == 0 || index as usize > elements.len() {
                return Err(badarg(atoms));
            }
            elements.remove(index as usize - 1);
            Ok(Value::Tuple(
                elements.into_iter().map(Value::Term).collect(),
            ))
        }
        // Their text is what `~w` prints for them.
        ErlangBif::PidToList1
        | ErlangBif::RefToList1
        | ErlangBif::FunToList1
        | ErlangBif::PortToList1 => {
            let fits = match term::shape(a) {
                Shape::Pid(_) => bif == ErlangBif::PidToList1,
                Shape::Port(_) => bif == ErlangBif::PortToList1,
                Shape::Boxed(address) => match heap.boxed(a, address)? {
                    Boxed::LocalFun { .. } | Boxed::ExternalFun { .. } => {
                        bif == ErlangBif::FunToList1
                    }
                    Boxed::Other { tag } if tag == term::boxed::REFERENCE => {
                        bif == ErlangBif::RefToList1
                    }
                    _ => false,
                },
                _ => false,
            };
            if !fits {
                return Err(badarg(atoms));
            }
            let mut text = Vec::new();
            crate::runtime::term::print::write_term(heap, atoms, a, &mut text)?;
            Ok(Value::proper_list(
                text.iter().map(|&byte| Value::small(byte as i64)).collect(),
            ))
        }
        ErlangBif::ListToPid1 | ErlangBif::ListToPort1 | ErlangBif::ListToRef1 => {
            // OTP reads the list as a C string: a NUL ends it.
            let text = latin1_list(heap, a)?
                .map(|text| text.split('\0').next().unwrap_or_default().to_string());
            let read = text.as_deref().and_then(|text| match bif {
                ErlangBif::ListToPid1 => read_pid(text).map(|id| Value::Term(term::pid(id))),
                ErlangBif::ListToPort1 => read_port(text).map(|id| Value::Term(term::port(id))),
                _ => read_ref(text).map(Value::Reference),
            });
            read.ok_or_else(|| badarg(atoms))
        }
        // The total order of map keys: every integer before every float.
        ErlangBif::CmpTerm2 => Ok(Value::small(
            match compare_with(atoms, Exactness::MapKey)? {
                Ordering::Less => -1,
                Ordering::Equal => 0,
                Ordering::Greater => 1,
            },
        )),
        ErlangBif::FlatSize1 => match otp_flat_size(heap, a)? {
            Some(words) => Ok(Value::Int(BigInt::from(words))),
            None => Err(Raise::Fault(crate::runtime::error::Fault::Unsupported(
                "erts_debug:flat_size/1 of a map of more than 32 keys (OTP's HAMT layout)"
                    .to_string(),
            ))),
        },
        ErlangBif::NifError1 | ErlangBif::NifError2 => Err(Raise::Exception {
            class: Class::Error,
            reason: Value::Term(a),
        }),
        ErlangBif::ListsReverse2 => match list_elements(heap, a)? {
            Some(mut elements) => {
                elements.reverse();
                Ok(Value::List(
                    elements.into_iter().map(Value::Term).collect(),
                    Box::new(Value::Term(b)),
                ))
            }
            None => Err(badarg(atoms)),
        },
    }
}

/// A list of bytes (`0..=255`) as text: what OTP's `list_to_pid/1` and its kin read.
fn latin1_list(heap: Heap<'_>, t: Term) -> Result<Option<String>, TermError> {
    let Some(elements) = list_elements(heap, t)? else {
        return Ok(None);
    };
    Ok(elements
        .iter()
        .map(|&e| {
            small_nonneg(e)
                .filter(|&c| c <= 0xff)
                .and_then(char::from_u32)
        })
        .collect())
}

/// The numbers of `<prefix>N.N...N>`, each one or more decimal digits (leading zeros allowed,
/// as OTP reads them); `None` for anything else or a number past `u64`.
fn dotted_numbers(text: &str, prefix: &str) -> Option<Vec<u64>> {
    let inner = text.strip_prefix(prefix)?.strip_suffix('>')?;
    inner
        .split('.')
        .map(|part| {
            if part.is_empty() || !part.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            // Leading zeros do not count toward the size (`<0.0005.0>` is `<0.5.0>`).
            let digits = part.trim_start_matches('0');
            if digits.is_empty() {
                Some(0)
            } else {
                digits.parse::<u64>().ok()
            }
        })
        .collect()
}

/// OTP's local pids have a 15-bit number and a 13-bit serial.
const PID_NUMBER_LIMIT: u64 = 1 << 15;
const PID_SERIAL_LIMIT: u64 = 1 << 13;
/// OTP's local ports have 28-bit numbers.
const PORT_NUMBER_LIMIT: u64 = 1 << 28;
/// The low word of an OTP reference has 18 bits, the two others 32.
const REF_LOW_BITS: u32 = 18;

/// `<0.Number.Serial>`, a local pid: beamwasm prints its pid id `I` as `<0.I.0>`. A string OTP
/// reads (number below 2^15, serial below 2^13) names `Number + Serial * 2^15`, the pid id
/// OTP's fields make; beamwasm's own `<0.I.0>` with a larger `I` reads back as `I` too, up to
/// the 2^28 pids OTP's fields hold.
fn read_pid(text: &str) -> Option<u32> {
    let [0, number, serial] = dotted_numbers(text, "<")?[..] else {
        return None;
    };
    if serial >= PID_SERIAL_LIMIT || (serial > 0 && number >= PID_NUMBER_LIMIT) {
        return None;
    }
    let id = number + serial * PID_NUMBER_LIMIT;
    u32::try_from(id)
        .ok()
        .filter(|_| id < PID_NUMBER_LIMIT * PID_SERIAL_LIMIT)
}

/// `#Port<0.Number>`, a local port (beamwasm prints a port's id as its number).
fn read_port(text: &str) -> Option<u32> {
    let [0, number] = dotted_numbers(text, "#Port<")?[..] else {
        return None;
    };
    u32::try_from(number)
        .ok()
        .filter(|_| number < PORT_NUMBER_LIMIT)
}

/// `#Ref<0.High.Middle.Low>`, a local reference: beamwasm prints its number `N` as
/// `#Ref<0.0.0.N>`, which reads back as `N`. Otherwise OTP's limits hold (`Low` below 2^18,
/// the others below 2^32), and the words make the number `Low + Middle * 2^18 + High * 2^50`
/// (a reference has 64 bits: `High`'s past 14 are dropped).
fn read_ref(text: &str) -> Option<u64> {
    let [0, high, middle, low] = dotted_numbers(text, "#Ref<")?[..] else {
        return None;
    };
    if high == 0 && middle == 0 {
        return Some(low);
    }
    if low >= 1 << REF_LOW_BITS || middle > u32::MAX as u64 || high > u32::MAX as u64 {
        return None;
    }
    Some(low | middle << REF_LOW_BITS | high << (REF_LOW_BITS + 32))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runtime::term::heap::HeapWriter;

    fn int(i: i64) -> Value {
        Value::Int(BigInt::from(i))
    }

    /// Calls `bif` on small-integer arguments.
    fn call_ints(bif: ErlangBif, args: &[i64]) -> Result<Value, Raise> {
        let mut memory = vec![0u8; 4096];
        let mut atoms = AtomTable::new();
        let mut w = HeapWriter::new(&mut memory, 64, 4096);
        let terms: Vec<Term> = args
            .iter()
            .map(|&a| w.integer(&BigInt::from(a)).unwrap())
            .collect();
        eval(bif, w.heap(), &mut atoms, &terms)
    }

    #[test]
    fn integer_arithmetic_follows_erlang() {
        assert_eq!(call_ints(ErlangBif::IntDiv, &[-7, 2]), Ok(int(-3)));
        assert_eq!(call_ints(ErlangBif::Rem, &[-7, 2]), Ok(int(-1)));
        assert_eq!(call_ints(ErlangBif::Rem, &[7, -2]), Ok(int(1)));
        assert_eq!(call_ints(ErlangBif::Bsr, &[-7, 1]), Ok(int(-4)));
        assert_eq!(call_ints(ErlangBif::Bsr, &[-1, 1000]), Ok(int(-1)));
        assert_eq!(call_ints(ErlangBif::Bsl, &[1, -1]), Ok(int(0)));
        assert_eq!(call_ints(ErlangBif::Bnot, &[5]), Ok(int(-6)));
        assert_eq!(call_ints(ErlangBif::Band, &[-6, 13]), Ok(int(8)));
        assert_eq!(
            call_ints(ErlangBif::Multiply, &[1 << 40, 1 << 40]),
            Ok(Value::Int(BigInt::from(1) << 80usize))
        );
        assert!(matches!(
            call_ints(ErlangBif::IntDiv, &[1, 0]),
            Err(Raise::Exception {
                class: Class::Error,
                ..
            })
        ));
        assert!(matches!(
            call_ints(ErlangBif::Bsl, &[1, 1 << 40]),
            Err(Raise::Exception { .. })
        ));
        // Results cross the 60-bit small line both ways.
        assert_eq!(
            call_ints(ErlangBif::Add, &[term::SMALL_MAX, 1]),
            Ok(Value::Int(BigInt::from(1) << 59usize))
        );
        assert_eq!(
            call_ints(ErlangBif::Subtract, &[term::SMALL_MIN, 1]),
            Ok(int(term::SMALL_MIN - 1))
        );
        assert_eq!(call_ints(ErlangBif::Bsl, &[1, 40]), Ok(int(1 << 40)));
    }

    /// Indices are small integers that fit 32 bits; a larger one is no position (badarg), not
    /// a truncated one.
    #[test]
    fn wide_indices_are_no_positions() {
        let mut memory = vec![0u8; 4096];
        let mut atoms = AtomTable::new();
        let mut w = HeapWriter::new(&mut memory, 64, 4096);
        let tuple = w.tuple(&[term::small(7)]).unwrap();
        let heap = w.heap();
        let badarg = Err(Raise::Exception {
            class: Class::Error,
            reason: Value::atom(atoms.intern("badarg")),
        });
        assert_eq!(
            eval(
                ErlangBif::Element,
                heap,
                &mut atoms,
                &[term::small(1), tuple]
            ),
            Ok(Value::Term(term::small(7)))
        );
        assert_eq!(
            eval(
                ErlangBif::Element,
                heap,
                &mut atoms,
                &[term::small((1 << 32) + 1), tuple]
            ),
            badarg
        );
        assert_eq!(
            eval(ErlangBif::TupleSize, heap, &mut atoms, &[tuple]),
            Ok(Value::small(1))
        );
    }

    #[test]
    fn bad_arguments_raise_badarg() {
        let mut memory = vec![0u8; 4096];
        let mut atoms = AtomTable::new();
        let badarg = Value::atom(atoms.intern("badarg"));
        let w = HeapWriter::new(&mut memory, 64, 4096);
        let heap = w.heap();
        for (bif, args) in [
            (ErlangBif::Element, vec![term::small(5), term::NIL]),
            (ErlangBif::Hd, vec![term::NIL]),
            (ErlangBif::Length, vec![term::small(1)]),
            (ErlangBif::ListToAtom, vec![term::small(1)]),
        ] {
            assert_eq!(
                eval(bif, heap, &mut atoms, &args),
                Err(Raise::Exception {
                    class: Class::Error,
                    reason: badarg.clone()
                }),
                "{bif:?}"
            );
        }
    }
}
