//! The C parts of OTP's `binary` module (the NIF stubs of `binary.erl`; `replace`,
//! `bin_to_list`, `encode_hex` and `decode_hex` are Erlang there and run as compiled).
//!
//! Searching is leftmost-longest over the patterns, as OTP's Boyer-Moore (one pattern) and
//! Aho-Corasick (several) searches answer: at the first position where any pattern matches,
//! the longest one that does. `compile_pattern/1` returns `{bm, Bin}` or `{ac, Bin}` as OTP
//! returns `{bm, Ref}` / `{ac, Ref}`: here the opaque second element is a binary holding the
//! patterns (`COMPILED_MAGIC`, then each pattern as a 32-bit length and its bytes), so a
//! compiled pattern needs no table outside the heap and is collected like any term.
//!
//! Parts of a subject are returned as OTP's `erts_extract_sub_binary` makes them: a copy when
//! at most `HEAP_BINARY_MAX` bytes, a sub binary otherwise (`referenced_byte_size/1` tells).

use num_bigint::{BigInt, Sign};
use num_traits::Signed;

use super::bits::{self, BitsView, HEAP_BINARY_MAX, MAX_BITS};
use crate::abi::bifs::{BinaryBif, BinaryModuleBif};
use crate::abi::term::{self, Shape, Term};
use crate::runtime::bifs::Raise;
use crate::runtime::bifs::{badarg, error_atom};
use crate::runtime::term::atoms::AtomTable;
use crate::runtime::term::heap::{Heap, TermError};
use crate::runtime::term::value::Value;

/// The first bytes of a compiled pattern's binary.
const COMPILED_MAGIC: &[u8] = b"beamwasm:binary:cp\0";

/// A binary argument (whole bytes): its view and bytes.
fn binary_arg(heap: Heap<'_>, t: Term) -> Result<Option<(BitsView, Vec<u8>)>, TermError> {
    match bits::view(heap, t)? {
        Some(v) if v.size.is_multiple_of(8) => {
            let bytes = bits::extract(heap, &v)?;
            Ok(Some((v, bytes)))
        }
        _ => Ok(None),
    }
}

fn small(t: Term) -> Option<i64> {
    match term::shape(t) {
        Shape::Small(v) => Some(v),
        _ => None,
    }
}

fn atom_name(atoms: &AtomTable, t: Term) -> Option<&str> {
    match term::shape(t) {
        Shape::Atom(index) => atoms.name(index),
        _ => None,
    }
}

/// `{Pos, Len}` within `size` bytes as the byte range it names (a negative length counts
/// back from `Pos`), or `None` (badarg).
fn byte_range(pos: i64, len: i64, size: u64) -> Option<(usize, usize)> {
    let size = size as i64;
    let (from, to) = if len >= 0 {
        (pos, pos.checked_add(len)?)
    } else {
        (pos.checked_add(len)?, pos)
    };
    if pos < 0 || pos > size || from < 0 || to > size {
        return None;
    }
    Some((from as usize, to as usize))
}

fn pos_len(heap: Heap<'_>, t: Term) -> Result<Option<(i64, i64)>, TermError> {
    Ok(match heap.tuple_elements(t)?.as_deref() {
        Some(&[pos, len]) => small(pos).zip(small(len)),
        _ => None,
    })
}

/// `len` bytes at byte `from` of the bitstring `v` (whose bytes are `bytes`), as OTP's
/// `erts_extract_sub_binary` makes it: a copy when small, else a sub binary.
fn part_value(v: &BitsView, bytes: &[u8], from: usize, len: usize) -> Value {
    if len <= HEAP_BINARY_MAX {
        bits::bytes_value(bytes[from..from + len].to_vec())
    } else {
        Value::SubBinary {
            original: v.original,
            offset: (v.offset + 8 * from as u64) as u32,
            bits: (8 * len) as u32,
        }
    }
}

/// The patterns a `match`/`matches`/`split` argument names: a non-empty binary, a non-empty
/// list of them, or a compiled pattern; `None` is badarg.
fn patterns(heap: Heap<'_>, atoms: &AtomTable, t: Term) -> Result<Option<Vec<Vec<u8>>>, TermError> {
    if let Some(elements) = heap.tuple_elements(t)? {
        return Ok(match elements.as_slice() {
            &[kind, compiled] if matches!(atom_name(atoms, kind), Some("bm" | "ac")) => {
                match binary_arg(heap, compiled)? {
                    Some((_, bytes)) => decode_compiled(&bytes),
                    None => None,
                }
            }
            _ => None,
        });
    }
    let list = match term::shape(t) {
        Shape::Cons(_) => match heap.proper_list(t)? {
            Some(list) => list,
            None => return Ok(None),
        },
        _ => vec![t],
    };
    let mut out = Vec::with_capacity(list.len());
    for element in list {
        match binary_arg(heap, element)? {
            Some((_, bytes)) if !bytes.is_empty() => out.push(bytes),
            _ => return Ok(None),
        }
    }
    Ok(Some(out))
}

fn encode_compiled(patterns: &[Vec<u8>]) -> Vec<u8> {
    let mut out = COMPILED_MAGIC.to_vec();
    for p in patterns {
        out.extend_from_slice(&(p.len() as u32).to_be_bytes());
        out.extend_from_slice(p);
    }
    out
}

fn decode_compiled(bytes: &[u8]) -> Option<Vec<Vec<u8>>> {
    let mut rest = bytes.strip_prefix(COMPILED_MAGIC)?;
    let mut out = Vec::new();
    while !rest.is_empty() {
        let (len, tail) = rest.split_first_chunk::<4>()?;
        let len = u32::from_be_bytes(*len) as usize;
        if len == 0 || len > tail.len() {
            return None;
        }
        out.push(tail[..len].to_vec());
        rest = &tail[len..];
    }
    (!out.is_empty()).then_some(out)
}

/// The leftmost-longest match of any pattern in `subject[from..to]`: `(position, length)`.
fn find(subject: &[u8], patterns: &[Vec<u8>], from: usize, to: usize) -> Option<(usize, usize)> {
    let mut first_bytes = [false; 256];
    for p in patterns {
        first_bytes[p[0] as usize] = true;
    }
    (from..to).find_map(|i| {
        if !first_bytes[subject[i] as usize] {
            return None;
        }
        patterns
            .iter()
            .filter(|p| i + p.len() <= to && subject[i..i + p.len()] == p[..])
            .map(|p| p.len())
            .max()
            .map(|len| (i, len))
    })
}

/// Every non-overlapping leftmost-longest match in `subject[from..to]`, or only the first.
fn find_all(
    subject: &[u8],
    patterns: &[Vec<u8>],
    (from, to): (usize, usize),
    global: bool,
) -> Vec<(usize, usize)> {
    let mut found = Vec::new();
    let mut at = from;
    while let Some((pos, len)) = find(subject, patterns, at, to) {
        found.push((pos, len));
        at = pos + len;
        if !global {
            break;
        }
    }
    found
}

/// Options of `match/3`, `matches/3` and `split/3`.
struct SearchOptions {
    scope: Option<(i64, i64)>,
    global: bool,
    trim: bool,
    trim_all: bool,
}

/// Parses the options; `split` allows `global`, `trim` and `trim_all` beside `{scope, _}`.
/// As OTP does, a list's improper tail ends it without complaint, but anything else that is
/// not an option is badarg.
fn search_options(
    heap: Heap<'_>,
    atoms: &AtomTable,
    t: Term,
    split: bool,
) -> Result<Option<SearchOptions>, TermError> {
    let mut options = SearchOptions {
        scope: None,
        global: false,
        trim: false,
        trim_all: false,
    };
    if !matches!(term::shape(t), Shape::Cons(_) | Shape::Nil) {
        return Ok(None);
    }
    let mut list = t;
    while let Shape::Cons(cell) = term::shape(list) {
        let (option, tail) = heap.cons(cell)?;
        list = tail;
        if let Some(elements) = heap.tuple_elements(option)? {
            match elements.as_slice() {
                &[name, range] if atom_name(atoms, name) == Some("scope") => {
                    match pos_len(heap, range)? {
                        Some(scope) => options.scope = Some(scope),
                        None => return Ok(None),
                    }
                }
                _ => return Ok(None),
            }
            continue;
        }
        match atom_name(atoms, option) {
            Some("global") if split => options.global = true,
            Some("trim") if split => options.trim = true,
            Some("trim_all") if split => options.trim_all = true,
            _ => return Ok(None),
        }
    }
    Ok(Some(options))
}

fn match_tuple(pos: usize, len: usize) -> Value {
    Value::Tuple(vec![Value::small(pos as i64), Value::small(len as i64)])
}

/// `match`, `matches` and `split`: `(subject, patterns, options)` arguments.
fn search(
    bif: BinaryModuleBif,
    heap: Heap<'_>,
    atoms: &mut AtomTable,
    args: &[Term],
) -> Result<Value, Raise> {
    let split = matches!(bif, BinaryModuleBif::Split2 | BinaryModuleBif::Split3);
    let options = match args.get(2) {
        Some(&t) => search_options(heap, atoms, t, split)?,
        None => Some(SearchOptions {
            scope: None,
            global: false,
            trim: false,
            trim_all: false,
        }),
    };
    let (Some((view, subject)), Some(patterns), Some(options)) = (
        binary_arg(heap, args[0])?,
        patterns(heap, atoms, args[1])?,
        options,
    ) else {
        return Err(badarg(atoms));
    };
    let range = match options.scope {
        Some((pos, len)) => {
            byte_range(pos, len, subject.len() as u64).ok_or_else(|| badarg(atoms))?
        }
        None => (0, subject.len()),
    };
    match bif {
        BinaryModuleBif::Match2 | BinaryModuleBif::Match3 => {
            Ok(match find_all(&subject, &patterns, range, false).first() {
                Some(&(pos, len)) => match_tuple(pos, len),
                None => Value::atom(atoms.intern("nomatch")),
            })
        }
        BinaryModuleBif::Matches2 | BinaryModuleBif::Matches3 => Ok(Value::proper_list(
            find_all(&subject, &patterns, range, true)
                .into_iter()
                .map(|(pos, len)| match_tuple(pos, len))
                .collect(),
        )),
        _ => {
            let found = find_all(&subject, &patterns, range, options.global);
            let mut parts = Vec::with_capacity(found.len() + 1);
            let mut at = 0;
            for (pos, len) in found {
                parts.push((at, pos - at));
                at = pos + len;
            }
            parts.push((at, subject.len() - at));
            if options.trim_all {
                parts.retain(|&(_, len)| len > 0);
            } else if options.trim {
                while parts.last().is_some_and(|&(_, len)| len == 0) {
                    parts.pop();
                }
            }
            Ok(Value::proper_list(
                parts
                    .into_iter()
                    .map(|(from, len)| part_value(&view, &subject, from, len))
                    .collect(),
            ))
        }
    }
}

fn endianness_is_little(atoms: &AtomTable, t: Term) -> Option<bool> {
    match atom_name(atoms, t)? {
        "big" => Some(false),
        "little" => Some(true),
        _ => None,
    }
}

/// The binary's common prefix (or suffix) length over a non-empty proper list of binaries.
fn common_affix(
    heap: Heap<'_>,
    atoms: &mut AtomTable,
    list: Term,
    suffix: bool,
) -> Result<Value, Raise> {
    let Some(elements) = heap.proper_list(list)? else {
        return Err(badarg(atoms));
    };
    let mut binaries = Vec::with_capacity(elements.len());
    for element in elements {
        match binary_arg(heap, element)? {
            Some((_, bytes)) => binaries.push(bytes),
            None => return Err(badarg(atoms)),
        }
    }
    let Some((first, rest)) = binaries.split_first() else {
        return Err(badarg(atoms));
    };
    let mut common = first.len();
    for b in rest {
        let same = if suffix {
            first
                .iter()
                .rev()
                .zip(b.iter().rev())
                .take_while(|(x, y)| x == y)
                .count()
        } else {
            first
                .iter()
                .zip(b.iter())
                .take_while(|(x, y)| x == y)
                .count()
        };
        common = common.min(same);
    }
    Ok(Value::small(common as i64))
}

/// Calls a NIF of `binary` with `args` (as many as its arity).
pub(crate) fn eval(
    bif: BinaryModuleBif,
    heap: Heap<'_>,
    atoms: &mut AtomTable,
    args: &[Term],
) -> Result<Value, Raise> {
    let arg = |i: usize| args.get(i).copied().unwrap_or(term::NIL);
    let (a, b, c) = (arg(0), arg(1), arg(2));
    match bif {
        BinaryModuleBif::Match2
        | BinaryModuleBif::Match3
        | BinaryModuleBif::Matches2
        | BinaryModuleBif::Matches3
        | BinaryModuleBif::Split2
        | BinaryModuleBif::Split3 => search(bif, heap, atoms, args),
        BinaryModuleBif::CompilePattern1 => match patterns(heap, atoms, a)? {
            // A compiled pattern is no pattern to compile again.
            Some(found) if heap.tuple_elements(a)?.is_none() => {
                let kind = if found.len() == 1 { "bm" } else { "ac" };
                Ok(Value::Tuple(vec![
                    Value::atom(atoms.intern(kind)),
                    bits::bytes_value(encode_compiled(&found)),
                ]))
            }
            _ => Err(badarg(atoms)),
        },
        BinaryModuleBif::Part2 | BinaryModuleBif::Part3 => {
            let range = if bif == BinaryModuleBif::Part3 {
                small(b).zip(small(c))
            } else {
                pos_len(heap, b)?
            };
            // A bitstring's whole bytes are a subject too, as on OTP.
            let (Some(v), Some((pos, len))) = (bits::view(heap, a)?, range) else {
                return Err(badarg(atoms));
            };
            let whole = BitsView {
                size: v.size - v.size % 8,
                ..v
            };
            let Some((from, to)) = byte_range(pos, len, whole.size / 8) else {
                return Err(badarg(atoms));
            };
            let bytes = bits::extract(heap, &whole)?;
            Ok(part_value(&whole, &bytes, from, to - from))
        }
        BinaryModuleBif::Copy1 | BinaryModuleBif::Copy2 => {
            let count = if bif == BinaryModuleBif::Copy2 {
                small(b).filter(|&n| n >= 0)
            } else {
                Some(1)
            };
            let (Some(v), Some(count)) = (bits::view(heap, a)?, count) else {
                return Err(badarg(atoms));
            };
            // Zero copies of anything, even of a bitstring, is the empty binary (OTP checks
            // the count first).
            if count == 0 {
                return Ok(bits::bytes_value(Vec::new()));
            }
            if !v.size.is_multiple_of(8) {
                return Err(badarg(atoms));
            }
            if (v.size as u128) * (count as u128) > MAX_BITS as u128 {
                return Err(error_atom(atoms, "system_limit"));
            }
            Ok(bits::bytes_value(
                bits::extract(heap, &v)?.repeat(count as usize),
            ))
        }
        BinaryModuleBif::At2 => {
            let (Some((_, bytes)), Some(pos)) = (binary_arg(heap, a)?, small(b)) else {
                return Err(badarg(atoms));
            };
            match usize::try_from(pos).ok().and_then(|p| bytes.get(p)) {
                Some(&byte) => Ok(Value::small(byte as i64)),
                None => Err(badarg(atoms)),
            }
        }
        BinaryModuleBif::First1 | BinaryModuleBif::Last1 => {
            let byte = match binary_arg(heap, a)? {
                Some((_, bytes)) if bif == BinaryModuleBif::First1 => bytes.first().copied(),
                Some((_, bytes)) => bytes.last().copied(),
                None => None,
            };
            byte.map(|x| Value::small(x as i64))
                .ok_or_else(|| badarg(atoms))
        }
        BinaryModuleBif::LongestCommonPrefix1 => common_affix(heap, atoms, a, false),
        BinaryModuleBif::LongestCommonSuffix1 => common_affix(heap, atoms, a, true),
        BinaryModuleBif::DecodeUnsigned1 | BinaryModuleBif::DecodeUnsigned2 => {
            let little = if bif == BinaryModuleBif::DecodeUnsigned2 {
                endianness_is_little(atoms, b)
            } else {
                Some(false)
            };
            let (Some((_, bytes)), Some(little)) = (binary_arg(heap, a)?, little) else {
                return Err(badarg(atoms));
            };
            Ok(Value::Int(if little {
                BigInt::from_bytes_le(Sign::Plus, &bytes)
            } else {
                BigInt::from_bytes_be(Sign::Plus, &bytes)
            }))
        }
        BinaryModuleBif::EncodeUnsigned1 | BinaryModuleBif::EncodeUnsigned2 => {
            let little = if bif == BinaryModuleBif::EncodeUnsigned2 {
                endianness_is_little(atoms, b)
            } else {
                Some(false)
            };
            let (Some(value), Some(little)) = (heap.integer(a)?, little) else {
                return Err(badarg(atoms));
            };
            if value.is_negative() {
                return Err(badarg(atoms));
            }
            let (_, bytes) = if little {
                value.to_bytes_le()
            } else {
                value.to_bytes_be()
            };
            Ok(bits::bytes_value(bytes))
        }
        BinaryModuleBif::ListToBin1 => bits::eval(BinaryBif::ListToBinary, heap, atoms, &[a]),
        BinaryModuleBif::ReferencedByteSize1 => match bits::view(heap, a)? {
            Some(v) => match bits::view(heap, v.original)? {
                Some(original) => Ok(Value::small((original.size / 8) as i64)),
                None => Err(TermError::Malformed {
                    term: a,
                    what: "bitstring whose original is no binary",
                }
                .into()),
            },
            None => Err(badarg(atoms)),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pats(list: &[&str]) -> Vec<Vec<u8>> {
        list.iter().map(|p| p.as_bytes().to_vec()).collect()
    }

    #[test]
    fn leftmost_longest() {
        let s = b"abcabc";
        let p = pats(&["a", "ab", "bca"]);
        assert_eq!(find_all(s, &p, (0, 6), true), vec![(0, 2), (3, 2)]);
        assert_eq!(
            find_all(b"aaa", &pats(&["a", "aa"]), (0, 3), true),
            vec![(0, 2), (2, 1)]
        );
        // A match must end inside the scope.
        assert_eq!(find(b"abc", &pats(&["bc"]), 0, 2), None);
    }

    #[test]
    fn compiled_patterns_round_trip() {
        let p = pats(&["x", "yz"]);
        assert_eq!(decode_compiled(&encode_compiled(&p)), Some(p));
        assert_eq!(decode_compiled(b"beamwasm"), None);
        let mut truncated = encode_compiled(&pats(&["abc"]));
        truncated.pop();
        assert_eq!(decode_compiled(&truncated), None);
    }

    #[test]
    fn ranges_follow_binary_part() {
        assert_eq!(byte_range(5, -3, 10), Some((2, 5)));
        assert_eq!(byte_range(10, 0, 10), Some((10, 10)));
        assert_eq!(byte_range(11, 0, 10), None);
        assert_eq!(byte_range(2, -3, 10), None);
        assert_eq!(byte_range(i64::MAX, 1, 10), None);
    }
}
