//! Erlang's term order (`<`, `==`, sorting) and exact equality (`=:=`), on terms in memory.
//!
//! number < atom < reference < fun < port < pid < tuple < map < nil < list < bitstring.
//! Iterative, so comparing long lists or deep tuples cannot overflow the host stack (large maps
//! as keys of large maps nest, up to a limit: see `sorted_map_entries`).

use std::cell::Cell;
use std::cmp::Ordering;

use num_bigint::BigInt;
use num_traits::FromPrimitive;

use crate::abi::term::{self, boxed, Shape, Term};
use crate::runtime::term::atoms::AtomTable;
use crate::runtime::term::heap::{Boxed, Heap, TermError};

/// How equal numbers of different types compare.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Exactness {
    /// `==` and term order: `1 == 1.0`.
    Arithmetic,
    /// `=:=`: an integer never equals a float.
    Exact,
    /// Map key order (how map keys are sorted and compared): exact, and every integer is
    /// less than every float (`2 < 1.0`).
    MapKey,
}

thread_local! {
    /// How many sorts of a large map's keys enclose the comparison under way: comparing two
    /// large maps sorts their keys, which may be large maps themselves, so this is the one
    /// walk here that nests.
    static NESTED_KEY_SORTS: Cell<u32> = const { Cell::new(0) };
}

/// The deepest nesting of large maps as keys of large maps that comparisons go into (each
/// level holds more than 32 keys, so no real program comes near it).
const MAX_NESTED_KEY_SORTS: u32 = 100;

/// The entries of the map `t` in map key order (a large map's sorted), within the nesting
/// limit.
fn sorted_map_entries(
    heap: Heap<'_>,
    atoms: &AtomTable,
    t: Term,
) -> Result<Vec<(Term, Term)>, TermError> {
    NESTED_KEY_SORTS.with(|depth| {
        if depth.get() >= MAX_NESTED_KEY_SORTS {
            return Err(TermError::Malformed {
                term: t,
                what: "comparing maps nested as keys of maps more than 100 deep",
            });
        }
        depth.set(depth.get() + 1);
        let entries = crate::runtime::data::map::sorted_entries_of(heap, atoms, t);
        depth.set(depth.get() - 1);
        entries
    })
}

enum Number {
    Int(BigInt),
    Float(f64),
}

/// The rank of a term's type in the term order, and for numbers their value.
fn class(heap: Heap<'_>, t: Term) -> Result<(u8, Option<Number>), TermError> {
    Ok(match term::shape(t) {
        Shape::Small(v) => (0, Some(Number::Int(BigInt::from(v)))),
        Shape::Atom(_) => (1, None),
        Shape::Port(_) => (4, None),
        Shape::Pid(_) => (5, None),
        Shape::Nil => (8, None),
        Shape::Cons(_) => (9, None),
        Shape::Boxed(address) => match heap.boxed(t, address)? {
            Boxed::BigInt { .. } => (0, heap.integer(t)?.map(Number::Int)),
            Boxed::Float(bits) => (0, Some(Number::Float(f64::from_bits(bits)))),
            Boxed::Tuple { .. } => (6, None),
            Boxed::Map { .. } => (7, None),
            Boxed::LargeMap { .. } => (7, None),
            Boxed::HeapBinary { .. } => (10, None),
            Boxed::LocalFun { .. } | Boxed::ExternalFun { .. } => (3, None),
            Boxed::Other { tag } => match tag {
                boxed::REFERENCE => (2, None),
                boxed::FUN => (3, None),
                boxed::REFC_BINARY | boxed::SUB_BINARY => (10, None),
                _ => {
                    return Err(TermError::Malformed {
                        term: t,
                        what: "comparing this boxed term is not supported",
                    })
                }
            },
        },
        Shape::NotATerm => {
            return Err(TermError::Malformed {
                term: t,
                what: "not a term",
            })
        }
    })
}

fn compare_int_float(int: &BigInt, float: f64) -> Ordering {
    if float.is_nan() {
        return Ordering::Less;
    }
    if float.is_infinite() {
        return if float > 0.0 {
            Ordering::Less
        } else {
            Ordering::Greater
        };
    }
    // Compare exactly: every finite double is an exact integer plus a fraction in [0, 1).
    let floor = float.floor();
    let floor_int = BigInt::from_f64(floor).unwrap_or_default();
    match int.cmp(&floor_int) {
        Ordering::Equal if floor == float => Ordering::Equal,
        Ordering::Equal => Ordering::Less,
        other => other,
    }
}

fn compare_numbers(a: &Number, b: &Number, exactness: Exactness) -> Ordering {
    if exactness == Exactness::MapKey {
        match (a, b) {
            (Number::Int(_), Number::Float(_)) => return Ordering::Less,
            (Number::Float(_), Number::Int(_)) => return Ordering::Greater,
            _ => {}
        }
    }
    match (a, b) {
        (Number::Int(x), Number::Int(y)) => x.cmp(y),
        (Number::Float(x), Number::Float(y)) => x.partial_cmp(y).unwrap_or(Ordering::Equal),
        (Number::Int(x), Number::Float(y)) => match compare_int_float(x, *y) {
            Ordering::Equal if exactness == Exactness::Exact => Ordering::Less,
            other => other,
        },
        (Number::Float(x), Number::Int(y)) => match compare_int_float(y, *x).reverse() {
            Ordering::Equal if exactness == Exactness::Exact => Ordering::Greater,
            other => other,
        },
    }
}

/// Compares two terms. With `Exactness::Exact`, `Equal` means `=:=`.
pub fn compare(
    heap: Heap<'_>,
    atoms: &AtomTable,
    a: Term,
    b: Term,
    exactness: Exactness,
) -> Result<Ordering, TermError> {
    let mut pending = vec![(a, b)];
    // Where the pairs of map keys start on `pending`: pairs at or above the lowest such index
    // compare in map key order (`#{1 => a} /= #{1.0 => a}`).
    let mut key_regions: Vec<usize> = Vec::new();
    while let Some((a, b)) = pending.pop() {
        while key_regions.last().is_some_and(|&r| r > pending.len()) {
            key_regions.pop();
        }
        let exactness = if key_regions.is_empty() {
            exactness
        } else {
            Exactness::MapKey
        };
        if a == b {
            continue; // identical words are identical terms
        }
        let (class_a, number_a) = class(heap, a)?;
        let (class_b, number_b) = class(heap, b)?;
        let order = class_a.cmp(&class_b);
        if order != Ordering::Equal {
            return Ok(order);
        }
        let order = match (term::shape(a), term::shape(b)) {
            _ if class_a == 0 => match (&number_a, &number_b) {
                (Some(x), Some(y)) => compare_numbers(x, y, exactness),
                _ => Ordering::Equal,
            },
            (Shape::Atom(x), Shape::Atom(y)) => {
                let name = |i| {
                    atoms.name(i).ok_or(TermError::Malformed {
                        term: a,
                        what: "atom index not in the atom table",
                    })
                };
                name(x)?.cmp(name(y)?)
            }
            (Shape::Pid(x), Shape::Pid(y)) | (Shape::Port(x), Shape::Port(y)) => x.cmp(&y),
            (Shape::Cons(x), Shape::Cons(y)) => {
                let (head_a, tail_a) = heap.cons(x)?;
                let (head_b, tail_b) = heap.cons(y)?;
                pending.push((tail_a, tail_b));
                pending.push((head_a, head_b));
                Ordering::Equal
            }
            (Shape::Boxed(x), Shape::Boxed(y)) => {
                match (heap.boxed(a, x)?, heap.boxed(b, y)?) {
                    (
                        Boxed::Tuple {
                            arity: n,
                            elements: ea,
                        },
                        Boxed::Tuple {
                            arity: m,
                            elements: eb,
                        },
                    ) => match n.cmp(&m) {
                        Ordering::Equal => {
                            for i in (0..n).rev() {
                                let offset = term::word(i);
                                pending.push((heap.word(ea + offset)?, heap.word(eb + offset)?));
                            }
                            Ordering::Equal
                        }
                        other => other,
                    },
                    (
                        Boxed::HeapBinary {
                            bytes: n,
                            address: pa,
                        },
                        Boxed::HeapBinary {
                            bytes: m,
                            address: pb,
                        },
                    ) => heap.bytes(pa, n)?.cmp(heap.bytes(pb, m)?),
                    (
                        Boxed::Map { .. } | Boxed::LargeMap { .. },
                        Boxed::Map { .. } | Boxed::LargeMap { .. },
                    ) => {
                        // By size, then the keys in map key order, then the values in key
                        // order.
                        let entries_a = sorted_map_entries(heap, atoms, a)?;
                        let entries_b = sorted_map_entries(heap, atoms, b)?;
                        match entries_a.len().cmp(&entries_b.len()) {
                            Ordering::Equal => {
                                for (x, y) in entries_a.iter().zip(&entries_b).rev() {
                                    pending.push((x.1, y.1));
                                }
                                key_regions.push(pending.len());
                                for (x, y) in entries_a.iter().zip(&entries_b).rev() {
                                    pending.push((x.0, y.0));
                                }
                                Ordering::Equal
                            }
                            other => other,
                        }
                    }
                    // Funs: local before external; local ones by module, index, uniq, then
                    // free variables; external ones by module, function, arity.
                    (
                        Boxed::LocalFun {
                            index: ia,
                            module: ma,
                            uniq: ua,
                            free: fa,
                            num_free: na,
                            ..
                        },
                        Boxed::LocalFun {
                            index: ib,
                            module: mb,
                            uniq: ub,
                            free: fb,
                            num_free: nb,
                            ..
                        },
                    ) => {
                        let order = compare(heap, atoms, ma, mb, exactness)?
                            .then(ia.cmp(&ib))
                            .then(ua.cmp(&ub))
                            .then(na.cmp(&nb));
                        if order == Ordering::Equal {
                            for i in (0..na).rev() {
                                let offset = term::word(i);
                                pending.push((heap.word(fa + offset)?, heap.word(fb + offset)?));
                            }
                        }
                        order
                    }
                    (
                        Boxed::ExternalFun {
                            module: ma,
                            function: fa,
                            arity: aa,
                        },
                        Boxed::ExternalFun {
                            module: mb,
                            function: fb,
                            arity: ab,
                        },
                    ) => {
                        pending.push((aa, ab));
                        pending.push((fa, fb));
                        pending.push((ma, mb));
                        Ordering::Equal
                    }
                    // References by their number.
                    (
                        Boxed::Other {
                            tag: boxed::REFERENCE,
                        },
                        Boxed::Other {
                            tag: boxed::REFERENCE,
                        },
                    ) => {
                        let value = |address: u32| heap.word(address + term::reference::NUMBER);
                        value(x)?.cmp(&value(y)?)
                    }
                    (Boxed::LocalFun { .. }, Boxed::ExternalFun { .. }) => Ordering::Less,
                    (Boxed::ExternalFun { .. }, Boxed::LocalFun { .. }) => Ordering::Greater,
                    _ if class_a == 10 => {
                        match (
                            crate::runtime::data::bits::view(heap, a)?,
                            crate::runtime::data::bits::view(heap, b)?,
                        ) {
                            (Some(x), Some(y)) => {
                                crate::runtime::data::bits::compare_bits(heap, &x, &y)?
                            }
                            _ => {
                                return Err(TermError::Malformed {
                                    term: a,
                                    what: "comparing a malformed bitstring",
                                })
                            }
                        }
                    }
                    _ => {
                        return Err(TermError::Malformed {
                            term: a,
                            what: "comparing these boxed terms is not supported",
                        })
                    }
                }
            }
            _ => Ordering::Equal,
        };
        if order != Ordering::Equal {
            return Ok(order);
        }
    }
    Ok(Ordering::Equal)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runtime::term::heap::HeapWriter;

    #[test]
    fn term_order_across_types_and_numbers() {
        let mut memory = vec![0u8; 8192];
        let mut atoms = AtomTable::new();
        let a = term::atom(atoms.intern("a"));
        let b = term::atom(atoms.intern("b"));
        let mut w = HeapWriter::new(&mut memory, 64, 8192);
        let one_float = w.float(1.0).unwrap();
        let half = w.float(0.5).unwrap();
        let big = w.integer(&(BigInt::from(1) << 100usize)).unwrap();
        // The smallest and largest smalls, and the bignums just past them.
        let below_small = w.integer(&(BigInt::from(term::SMALL_MIN) - 1)).unwrap();
        let above_small = w.integer(&(BigInt::from(term::SMALL_MAX) + 1)).unwrap();
        let (small_min, small_max) = (term::small(term::SMALL_MIN), term::small(term::SMALL_MAX));
        let huge_negative = w.integer(&-(BigInt::from(1) << 100usize)).unwrap();
        let big_float = w.float(2f64.powi(100)).unwrap();
        let t1 = w.tuple(&[a]).unwrap();
        let t2 = w.tuple(&[a, b]).unwrap();
        let t2b = w.tuple(&[b, a]).unwrap();
        let list = w.list(&[a], term::NIL).unwrap();
        let list2 = w.list(&[a, b], term::NIL).unwrap();
        let bin = w.binary(b"ab").unwrap();
        let heap = w.heap();
        let cmp = |x, y| compare(heap, &atoms, x, y, Exactness::Arithmetic).unwrap();
        let exact = |x, y| compare(heap, &atoms, x, y, Exactness::Exact).unwrap();

        // A strictly increasing sequence in term order.
        let ascending = [
            huge_negative,
            below_small,
            small_min,
            term::small(-1),
            half,
            term::small(1),
            small_max,
            above_small,
            big,
            a,
            b,
            term::pid(1),
            t1,
            t2,
            t2b,
            term::NIL,
            list,
            list2,
            bin,
        ];
        for (i, &x) in ascending.iter().enumerate() {
            for (j, &y) in ascending.iter().enumerate() {
                assert_eq!(cmp(x, y), i.cmp(&j), "{i} vs {j}");
            }
        }
        assert_eq!(cmp(term::small(1), one_float), Ordering::Equal);
        assert_ne!(exact(term::small(1), one_float), Ordering::Equal);
        assert_eq!(cmp(big, big_float), Ordering::Equal);
        assert_ne!(exact(big, big_float), Ordering::Equal);
        assert_eq!(cmp(term::small(-3), half), Ordering::Less);
    }
}
