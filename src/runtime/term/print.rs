//! Terms as text, exactly as OTP 25 prints them with `io:format("~w", [T])` on a latin1
//! device (what `erl -noshell` writes to stdout). The output is bytes: latin1 characters are
//! written raw, as `erl` does.

use crate::abi::term::{self, Shape, Term, WORD_BYTES};
use crate::runtime::term::atoms::AtomTable;
use crate::runtime::term::heap::{Boxed, Heap, TermError};

/// Appends `~w` text for `term` to `out`. Iterative, so a deep or long term cannot overflow the
/// host stack.
pub fn write_term(
    heap: Heap<'_>,
    atoms: &AtomTable,
    term: Term,
    out: &mut Vec<u8>,
) -> Result<(), TermError> {
    write_styled(heap, atoms, term, out, false)
}

/// Appends what `erlang:display/1` prints for `term` (the emulator's own printer: printable
/// lists and binaries as strings, floats as `%e`, `=>` without spaces, atoms by its rules).
pub fn write_display(
    heap: Heap<'_>,
    atoms: &AtomTable,
    term: Term,
    out: &mut Vec<u8>,
) -> Result<(), TermError> {
    write_styled(heap, atoms, term, out, true)
}

/// Characters the emulator's printer shows inside a string.
fn display_printable(c: u32) -> bool {
    matches!(c, 32..=126 | 160..=255 | 8..=13 | 27)
}

fn write_display_string(chars: &[u32], quote: &str, out: &mut Vec<u8>) {
    out.extend_from_slice(quote.as_bytes());
    for &c in chars {
        match c {
            10 => out.extend_from_slice(b"\\n"),
            13 => out.extend_from_slice(b"\\r"),
            9 => out.extend_from_slice(b"\\t"),
            11 => out.extend_from_slice(b"\\v"),
            8 => out.extend_from_slice(b"\\b"),
            12 => out.extend_from_slice(b"\\f"),
            27 => out.extend_from_slice(b"\\e"),
            34 => out.extend_from_slice(b"\\\""),
            92 => out.extend_from_slice(b"\\\\"),
            c => out.push(c as u8),
        }
    }
    out.extend_from_slice(quote.as_bytes());
}

/// The characters of a proper list of printable characters, if `t` is one (and not `[]`).
fn printable_list(heap: Heap<'_>, t: Term) -> Result<Option<Vec<u32>>, TermError> {
    let mut chars = Vec::new();
    let mut rest = t;
    loop {
        match term::shape(rest) {
            Shape::Nil => return Ok((!chars.is_empty()).then_some(chars)),
            Shape::Cons(cell) => {
                let (head, tail) = heap.cons(cell)?;
                match term::shape(head) {
                    Shape::Small(c) => match u32::try_from(c) {
                        Ok(c) if display_printable(c) => chars.push(c),
                        _ => return Ok(None),
                    },
                    _ => return Ok(None),
                }
                rest = tail;
            }
            _ => return Ok(None),
        }
    }
}

fn write_styled(
    heap: Heap<'_>,
    atoms: &AtomTable,
    term: Term,
    out: &mut Vec<u8>,
    display: bool,
) -> Result<(), TermError> {
    let arrow = if display { "=>" } else { " => " };
    enum Item {
        Term(Term),
        Text(&'static str),
        Owned(String),
        /// A leaf of OTP's HAMT: the cons cell `[Key | Value]`.
        Leaf(Term, Term),
        /// An atom inside a fun, which OTP prints with the emulator's own rules.
        FunAtom(Term),
        ListRest(Term),
        /// Addresses of the next element, key and value words.
        Elements {
            next: u32,
            left: u32,
        },
        MapEntries {
            keys: u32,
            values: u32,
            left: u32,
            first: bool,
        },
    }
    let mut stack = vec![Item::Term(term)];
    while let Some(item) = stack.pop() {
        match item {
            Item::Text(text) => out.extend_from_slice(text.as_bytes()),
            Item::Owned(text) => out.extend_from_slice(text.as_bytes()),
            Item::Leaf(k, v) => {
                // Printed as the list it is, a string when every element is printable.
                let string = match term::shape(k) {
                    Shape::Small(c) if u32::try_from(c).is_ok_and(display_printable) => {
                        match term::shape(v) {
                            Shape::Nil => Some(vec![c as u32]),
                            _ => {
                                printable_list(heap, v)?.map(|rest| [vec![c as u32], rest].concat())
                            }
                        }
                    }
                    _ => None,
                };
                match string {
                    Some(chars) => write_display_string(&chars, "\"", out),
                    None => {
                        out.push(b'[');
                        stack.push(Item::ListRest(v));
                        stack.push(Item::Term(k));
                    }
                }
            }
            Item::FunAtom(t) => match term::shape(t) {
                Shape::Atom(index) => {
                    let name = atoms.name(index).ok_or(TermError::Malformed {
                        term: t,
                        what: "atom index not in the atom table",
                    })?;
                    write_atom_erts(name, out);
                }
                _ => stack.push(Item::Term(t)),
            },
            Item::Term(t) => match term::shape(t) {
                Shape::Small(v) => out.extend_from_slice(v.to_string().as_bytes()),
                Shape::Atom(index) => {
                    let name = atoms.name(index).ok_or(TermError::Malformed {
                        term: t,
                        what: "atom index not in the atom table",
                    })?;
                    if display {
                        write_atom_erts(name, out);
                    } else {
                        write_atom(name, out);
                    }
                }
                Shape::Nil => out.extend_from_slice(b"[]"),
                Shape::Pid(id) => out.extend_from_slice(format!("<0.{id}.0>").as_bytes()),
                Shape::Port(id) => out.extend_from_slice(format!("#Port<0.{id}>").as_bytes()),
                Shape::Cons(_) if display && printable_list(heap, t)?.is_some() => {
                    let chars = printable_list(heap, t)?.unwrap_or_default();
                    write_display_string(&chars, "\"", out);
                }
                Shape::Cons(cell) => {
                    let (head, tail) = heap.cons(cell)?;
                    out.push(b'[');
                    stack.push(Item::ListRest(tail));
                    stack.push(Item::Term(head));
                }
                Shape::Boxed(address) => match heap.boxed(t, address)? {
                    Boxed::Tuple { arity, elements } => {
                        out.push(b'{');
                        stack.push(Item::Text("}"));
                        if arity > 0 {
                            stack.push(Item::Elements {
                                next: elements + WORD_BYTES,
                                left: arity - 1,
                            });
                            stack.push(Item::Term(heap.word(elements)?));
                        }
                    }
                    Boxed::BigInt { .. } => {
                        let value = heap.integer(t)?.ok_or(TermError::Malformed {
                            term: t,
                            what: "bad integer",
                        })?;
                        out.extend_from_slice(value.to_string().as_bytes());
                    }
                    Boxed::Float(bits) if display => {
                        // C's "%e".
                        let text = format!("{:.6e}", f64::from_bits(bits));
                        let (mantissa, exponent) = text.split_once('e').unwrap_or((&text, "0"));
                        let exponent: i32 = exponent.parse().unwrap_or(0);
                        let sign = if exponent < 0 { '-' } else { '+' };
                        out.extend_from_slice(
                            format!("{mantissa}e{sign}{:02}", exponent.abs()).as_bytes(),
                        );
                    }
                    Boxed::Float(bits) => {
                        out.extend_from_slice(format_float(f64::from_bits(bits)).as_bytes())
                    }
                    Boxed::HeapBinary { bytes, address }
                        if display
                            && bytes > 0
                            && heap
                                .bytes(address, bytes)?
                                .iter()
                                .all(|&b| display_printable(b as u32)) =>
                    {
                        let chars: Vec<u32> = heap
                            .bytes(address, bytes)?
                            .iter()
                            .map(|&b| b as u32)
                            .collect();
                        out.extend_from_slice(b"<<");
                        write_display_string(&chars, "\"", out);
                        out.extend_from_slice(b">>");
                    }
                    Boxed::HeapBinary { bytes, address } => {
                        write_binary(heap.bytes(address, bytes)?, out)
                    }
                    Boxed::Map { size, keys, values } => {
                        out.extend_from_slice(b"#{");
                        stack.push(Item::Text("}"));
                        if size > 0 {
                            let keys = match term::shape(keys) {
                                Shape::Boxed(k) => k + term::tuple::element(0),
                                _ => {
                                    return Err(TermError::Malformed {
                                        term: t,
                                        what: "map keys are not a tuple",
                                    })
                                }
                            };
                            stack.push(Item::MapEntries {
                                keys,
                                values,
                                left: size,
                                first: true,
                            });
                        }
                    }
                    // `#Fun<Module.Index.Uniq>` and `fun M:F/A`, as OTP 25 writes them.
                    Boxed::LocalFun {
                        index,
                        module,
                        uniq,
                        ..
                    } => {
                        out.extend_from_slice(b"#Fun<");
                        stack.push(Item::Text(">"));
                        stack.push(Item::Term(uniq));
                        stack.push(Item::Text("."));
                        stack.push(Item::Term(term::small(index as i64)));
                        stack.push(Item::Text("."));
                        stack.push(Item::FunAtom(module));
                    }
                    Boxed::ExternalFun {
                        module,
                        function,
                        arity,
                    } => {
                        out.extend_from_slice(b"fun ");
                        stack.push(Item::Term(arity));
                        stack.push(Item::Text("/"));
                        stack.push(Item::FunAtom(function));
                        stack.push(Item::Text(":"));
                        stack.push(Item::FunAtom(module));
                    }
                    Boxed::Other {
                        tag: term::boxed::REFERENCE,
                    } => {
                        let n = heap.word(address + term::reference::NUMBER)?;
                        out.extend_from_slice(format!("#Ref<0.0.0.{n}>").as_bytes());
                    }
                    Boxed::LargeMap { .. } if display => {
                        // The emulator's printer shows OTP's HAMT node by node.
                        use crate::runtime::data::map::{hamt_layout, map_ref, HamtPiece};
                        let map = map_ref(heap, t)?.ok_or(TermError::Malformed {
                            term: t,
                            what: "bad large map",
                        })?;
                        out.push(b'#');
                        for piece in hamt_layout(heap, map)?.into_iter().rev() {
                            stack.push(match piece {
                                HamtPiece::Open(bitmap) => Item::Owned(format!("<{bitmap:x}>{{")),
                                HamtPiece::Close => Item::Text("}"),
                                HamtPiece::Comma => Item::Text(","),
                                HamtPiece::Leaf(k, v) => Item::Leaf(k, v),
                            });
                        }
                    }
                    Boxed::LargeMap { .. } => {
                        // In iteration order (OTP's HAMT order), as io_lib walks an iterator.
                        out.extend_from_slice(b"#{");
                        stack.push(Item::Text("}"));
                        let entries = crate::runtime::data::map::entries_of(heap, t)?;
                        for (i, &(k, v)) in entries.iter().enumerate().rev() {
                            stack.push(Item::Term(v));
                            stack.push(Item::Text(arrow));
                            stack.push(Item::Term(k));
                            if i > 0 {
                                stack.push(Item::Text(","));
                            }
                        }
                    }
                    Boxed::Other { .. } => match crate::runtime::data::bits::view(heap, t)? {
                        Some(v)
                            if display
                                && v.size.is_multiple_of(8)
                                && v.size > 0
                                && crate::runtime::data::bits::extract(heap, &v)?
                                    .iter()
                                    .all(|&b| display_printable(b as u32)) =>
                        {
                            let bytes = crate::runtime::data::bits::extract(heap, &v)?;
                            out.extend_from_slice(b"<<");
                            let chars: Vec<u32> = bytes.iter().map(|&b| b as u32).collect();
                            write_display_string(&chars, "\"", out);
                            out.extend_from_slice(b">>");
                        }
                        Some(v) => crate::runtime::data::bits::write_bits(heap, &v, out)?,
                        None => {
                            return Err(TermError::Malformed {
                                term: t,
                                what: "printing this boxed term is not supported",
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
            },
            Item::ListRest(tail) => match term::shape(tail) {
                Shape::Nil => out.push(b']'),
                Shape::Cons(cell) => {
                    let (head, tail) = heap.cons(cell)?;
                    out.push(b',');
                    stack.push(Item::ListRest(tail));
                    stack.push(Item::Term(head));
                }
                _ => {
                    out.push(b'|');
                    stack.push(Item::Text("]"));
                    stack.push(Item::Term(tail));
                }
            },
            Item::Elements { next, left } => {
                if left > 0 {
                    out.push(b',');
                    stack.push(Item::Elements {
                        next: next + WORD_BYTES,
                        left: left - 1,
                    });
                    stack.push(Item::Term(heap.word(next)?));
                }
            }
            Item::MapEntries {
                keys,
                values,
                left,
                first,
            } => {
                if left > 0 {
                    if !first {
                        out.push(b',');
                    }
                    stack.push(Item::MapEntries {
                        keys: keys + WORD_BYTES,
                        values: values + WORD_BYTES,
                        left: left - 1,
                        first: false,
                    });
                    stack.push(Item::Term(heap.word(values)?));
                    stack.push(Item::Text(arrow));
                    stack.push(Item::Term(heap.word(keys)?));
                }
            }
        }
    }
    Ok(())
}

fn write_binary(bytes: &[u8], out: &mut Vec<u8>) {
    out.extend_from_slice(b"<<");
    for (i, b) in bytes.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        out.extend_from_slice(b.to_string().as_bytes());
    }
    out.extend_from_slice(b">>");
}

const RESERVED_WORDS: &[&str] = &[
    "after", "begin", "case", "try", "cond", "catch", "andalso", "orelse", "end", "fun", "if",
    "let", "of", "receive", "when", "bnot", "not", "div", "rem", "band", "and", "bor", "bxor",
    "bsl", "bsr", "or", "xor",
];

fn is_lower_start(c: char) -> bool {
    c.is_ascii_lowercase() || (('\u{DF}'..='\u{FF}').contains(&c) && c != '\u{F7}')
}

fn is_name_char(c: char) -> bool {
    is_lower_start(c)
        || c.is_ascii_uppercase()
        || (('\u{C0}'..='\u{DE}').contains(&c) && c != '\u{D7}')
        || c.is_ascii_digit()
        || c == '_'
        || c == '@'
}

fn needs_quotes(name: &str) -> bool {
    let mut chars = name.chars();
    match chars.next() {
        Some(c) if is_lower_start(c) => !chars.all(is_name_char) || RESERVED_WORDS.contains(&name),
        _ => true,
    }
}

/// An atom as `io_lib:write_atom_as_latin1/1` writes it.
pub fn write_atom(name: &str, out: &mut Vec<u8>) {
    if !needs_quotes(name) {
        // Unquoted names are latin1 by construction (see `is_name_char`).
        out.extend(name.chars().map(|c| c as u32 as u8));
        return;
    }
    out.push(b'\'');
    for c in name.chars() {
        let code = c as u32;
        match c {
            '\'' => out.extend_from_slice(b"\\'"),
            '\\' => out.extend_from_slice(b"\\\\"),
            ' '..='~' => out.push(code as u8),
            _ if (0xA0..=0xFF).contains(&code) => out.push(code as u8),
            _ if code > 0xFF => out.extend_from_slice(format!("\\x{{{code:X}}}").as_bytes()),
            '\n' => out.extend_from_slice(b"\\n"),
            '\r' => out.extend_from_slice(b"\\r"),
            '\t' => out.extend_from_slice(b"\\t"),
            '\u{0B}' => out.extend_from_slice(b"\\v"),
            '\u{08}' => out.extend_from_slice(b"\\b"),
            '\u{0C}' => out.extend_from_slice(b"\\f"),
            '\u{1B}' => out.extend_from_slice(b"\\e"),
            '\u{7F}' => out.extend_from_slice(b"\\d"),
            _ => out.extend_from_slice(
                format!("\\{}{}{}", (code >> 6) & 7, (code >> 3) & 7, code & 7).as_bytes(),
            ),
        }
    }
    out.push(b'\'');
}

/// An atom as the emulator prints it inside a fun (`erlang:fun_to_list/1`, which `~w` uses):
/// quoted unless a latin1 lowercase letter followed by latin1 letters, digits and `_` (no
/// reserved words, `@` quotes), C0/C1 controls in octal, every other character in UTF-8.
pub fn write_atom_erts(name: &str, out: &mut Vec<u8>) {
    let lower =
        |c: char| c.is_ascii_lowercase() || (('\u{DF}'..='\u{FF}').contains(&c) && c != '\u{F7}');
    let upper =
        |c: char| c.is_ascii_uppercase() || (('\u{C0}'..='\u{DE}').contains(&c) && c != '\u{D7}');
    let mut chars = name.chars();
    let quote = match chars.next() {
        Some(c) if lower(c) => {
            !chars.all(|c| lower(c) || upper(c) || c.is_ascii_digit() || c == '_')
        }
        _ => true,
    };
    if quote {
        out.push(b'\'');
    }
    for c in name.chars() {
        let code = c as u32;
        match c {
            '\'' => out.extend_from_slice(b"\\'"),
            '\\' => out.extend_from_slice(b"\\\\"),
            '\n' => out.extend_from_slice(b"\\n"),
            '\u{0C}' => out.extend_from_slice(b"\\f"),
            '\t' => out.extend_from_slice(b"\\t"),
            '\r' => out.extend_from_slice(b"\\r"),
            '\u{08}' => out.extend_from_slice(b"\\b"),
            '\u{0B}' => out.extend_from_slice(b"\\v"),
            _ if code < 0x20 || (0x80..0xA0).contains(&code) => {
                out.extend_from_slice(format!("\\{code:03o}").as_bytes())
            }
            _ => out.extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes()),
        }
    }
    if quote {
        out.push(b'\'');
    }
}

/// Rust's shortest digits round a tie up; OTP's (Ryu's) round it to even: when `value` lies
/// exactly halfway between `digits - 1` and `digits` (units of `10^exponent`) and the last
/// digit is odd, the even neighbour (which reads back as the same double) is OTP's choice.
fn ties_to_even(value: f64, digits: String, exponent: i32) -> String {
    use num_bigint::BigInt;
    let last = digits.as_bytes()[digits.len() - 1];
    if (last - b'0').is_multiple_of(2) {
        return digits;
    }
    let Ok(d) = digits.parse::<u64>() else {
        return digits;
    };
    // value = mantissa * 2^e2; is 2 * value == (2d - 1) * 10^exponent?
    let bits = value.to_bits();
    let (biased, fraction) = ((bits >> 52) as i32, bits & ((1 << 52) - 1));
    let (mantissa, e2) = if biased == 0 {
        (fraction, -1074)
    } else {
        (fraction | (1 << 52), biased - 1075)
    };
    let mut lhs = BigInt::from(mantissa) * 2;
    let mut rhs = BigInt::from(2 * d - 1);
    if e2 >= 0 {
        lhs <<= e2 as usize;
    } else {
        rhs <<= (-e2) as usize;
    }
    let ten = BigInt::from(10);
    if exponent >= 0 {
        rhs *= ten.pow(exponent as u32);
    } else {
        lhs *= ten.pow((-exponent) as u32);
    }
    if lhs != rhs {
        return digits;
    }
    let even = format!("{:0width$}", d - 1, width = digits.len());
    match format!("{even}e{exponent}").parse::<f64>() {
        Ok(v) if v == value => even,
        _ => digits,
    }
}

/// A float as `float_to_list(F, [short])`: the shortest digits that read back as the same
/// double, laid out in fixed or scientific notation by OTP's thresholds.
pub fn format_float(value: f64) -> String {
    if value == 0.0 {
        return if value.is_sign_negative() {
            "-0.0"
        } else {
            "0.0"
        }
        .to_string();
    }
    // Rust's `{:e}` gives the shortest round-trip digits, e.g. "-1.2345e-5".
    let scientific = format!("{:e}", value.abs());
    let (mantissa, exponent) = scientific.split_once('e').unwrap_or((&scientific, "0"));
    let digits: String = mantissa.chars().filter(|c| *c != '.').collect();
    let scientific_exponent: i32 = exponent.parse().unwrap_or(0);
    let length = digits.len() as i32;
    let exponent = scientific_exponent - (length - 1);
    let digits = ties_to_even(value.abs(), digits, exponent);
    let output: u64 = digits.parse().unwrap_or(0);

    let (lower, upper) = if length == 1 {
        (-4, 2)
    } else if scientific_exponent >= 10 {
        (-(length + 2), 2)
    } else {
        (-(length + 2), 1)
    };
    // Integers past 2^53 print in scientific notation even when the fixed form is shorter.
    let beyond_exact = (output >= 1 << 53 && exponent == 0)
        || (output > (1 << 52) / 5 && exponent == 1)
        || (output > (1 << 51) / 25 && exponent == 2);
    let fixed = (lower..=upper).contains(&exponent) && !beyond_exact;

    let mut text = String::new();
    if value.is_sign_negative() {
        text.push('-');
    }
    if fixed {
        let whole = length + exponent;
        if exponent >= 0 {
            text.push_str(&digits);
            text.extend(std::iter::repeat_n('0', exponent as usize));
            text.push_str(".0");
        } else if whole > 0 {
            text.push_str(&digits[..whole as usize]);
            text.push('.');
            text.push_str(&digits[whole as usize..]);
        } else {
            text.push_str("0.");
            text.extend(std::iter::repeat_n('0', (-whole) as usize));
            text.push_str(&digits);
        }
    } else {
        text.push_str(&digits[..1]);
        text.push('.');
        text.push_str(if length > 1 { &digits[1..] } else { "0" });
        text.push('e');
        text.push_str(&scientific_exponent.to_string());
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floats_match_otp_25() {
        // Expected strings printed by `io:format("~w ", [F])` on OTP 25.
        let cases: &[(f64, &str)] = &[
            (0.0, "0.0"),
            (-0.0, "-0.0"),
            (1.0, "1.0"),
            (0.1, "0.1"),
            (1.5e-3, "0.0015"),
            (1.0e-4, "0.0001"),
            (1.0e-5, "1.0e-5"),
            (123456.0, "123456.0"),
            (1.0e15, "1.0e15"),
            (1.0e21, "1.0e21"),
            (1.2345e20, "1.2345e20"),
            (9007199254740992.0, "9.007199254740992e15"),
            (1.0e100, "1.0e100"),
            (2.5e-300, "2.5e-300"),
            (5.0e-324, "5.0e-324"),
            (1.7976931348623157e308, "1.7976931348623157e308"),
            (1.23459, "1.23459"),
            (100.0, "100.0"),
            (1.0e10, "1.0e10"),
            (123.456e10, "1.23456e12"),
            (-2.5e-7, "-2.5e-7"),
        ];
        for &(value, expected) in cases {
            assert_eq!(format_float(value), expected, "{value:e}");
        }
    }

    fn atom_text(name: &str) -> String {
        let mut out = Vec::new();
        write_atom(name, &mut out);
        out.iter().map(|&b| b as char).collect()
    }

    #[test]
    fn atoms_match_otp_25() {
        let cases = [
            ("foo", "foo"),
            ("foo_Bar", "foo_Bar"),
            ("@a", "'@a'"),
            ("a@b", "a@b"),
            ("aB1", "aB1"),
            ("Foo", "'Foo'"),
            ("a b", "'a b'"),
            ("", "''"),
            ("hello\n", "'hello\\n'"),
            ("end", "'end'"),
            ("div", "'div'"),
            ("maybe", "maybe"),
            ("else", "else"),
            ("[]", "'[]'"),
            ("a\\b", "'a\\\\b'"),
            ("\u{100}", "'\\x{100}'"),
            ("a.b", "'a.b'"),
            ("tab\t", "'tab\\t'"),
            ("del\u{7f}", "'del\\d'"),
            ("nul\0", "'nul\\000'"),
            ("it's", "'it\\'s'"),
            ("\u{e9}", "\u{e9}"),
        ];
        for (name, expected) in cases {
            assert_eq!(atom_text(name), expected, "{name:?}");
        }
    }

    #[test]
    fn float_ties_round_to_even_as_otp() {
        // -649756751773404.25 is as near to ...404.2 as to ...404.3; OTP picks the even digit.
        // The doubles are exactly -649756751773404.25 and 649756751773404.375.
        let tie = -649756751773404.2;
        assert_eq!(tie, -649756751773404.0 - 0.25);
        assert_eq!(format_float(tie), "-649756751773404.2");
        let above = 649756751773404.4;
        assert_eq!(above, 649756751773404.0 + 0.375);
        assert_eq!(format_float(above), "649756751773404.4");
        assert_eq!(format_float(0.3), "0.3");
    }

    #[test]
    fn fun_atoms_match_otp_25() {
        // What `io:format("~w", [erlang:make_fun(Name, x, 1)])` writes for the module name.
        let cases: [(&str, &[u8]); 12] = [
            ("case", b"case"),
            ("a@b", b"'a@b'"),
            ("\u{e9}t\u{e9}", "\u{e9}t\u{e9}".as_bytes()),
            ("\u{101}", "'\u{101}'".as_bytes()),
            ("a\u{1b}b", b"'a\\033b'"),
            ("a\u{9f}", b"'a\\237'"),
            ("\u{7f}", "'\u{7f}'".as_bytes()),
            ("a\u{a0}", "'a\u{a0}'".as_bytes()),
            ("a\u{c0}z", "a\u{c0}z".as_bytes()),
            ("tab\tnl\n", b"'tab\\tnl\\n'"),
            ("it's", b"'it\\'s'"),
            ("", b"''"),
        ];
        for (name, expected) in cases {
            let mut out = Vec::new();
            write_atom_erts(name, &mut out);
            assert_eq!(out, expected, "{name:?}");
        }
    }

    #[test]
    fn compound_terms_match_otp_25() {
        use crate::runtime::term::heap::HeapWriter;
        use num_bigint::BigInt;
        let mut memory = vec![0u8; 4096];
        let mut atoms = AtomTable::new();
        let foo = term::atom(atoms.intern("foo"));
        let mut w = HeapWriter::new(&mut memory, 64, 4096);
        let improper = w
            .list(&[term::small(1), term::small(2)], term::small(3))
            .unwrap();
        let string = w
            .list(
                &[term::small(97), term::small(98), term::small(99)],
                term::NIL,
            )
            .unwrap();
        let big = w
            .integer(&"12345678901234567890123".parse::<BigInt>().unwrap())
            .unwrap();
        let negative_big = w.integer(&-(BigInt::from(1) << 70usize)).unwrap();
        let float = w.float(-1.5).unwrap();
        let binary = w.binary(&[1, 2, 255]).unwrap();
        let empty_tuple = w.tuple(&[]).unwrap();
        let tuple = w
            .tuple(&[
                term::small(-5),
                foo,
                improper,
                string,
                big,
                negative_big,
                float,
                binary,
                empty_tuple,
                term::NIL,
                term::pid(9),
                term::small(term::SMALL_MAX),
                term::small(-(1 << 40)),
            ])
            .unwrap();
        let mut out = Vec::new();
        write_term(w.heap(), &atoms, tuple, &mut out).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "{-5,foo,[1,2|3],[97,98,99],12345678901234567890123,-1180591620717411303424,\
             -1.5,<<1,2,255>>,{},[],<0.9.0>,576460752303423487,-1099511627776}"
        );
    }

    #[test]
    fn a_long_list_prints_without_recursion() {
        use crate::runtime::term::heap::HeapWriter;
        let n = 100_000u32;
        let mut memory = vec![0u8; 64 + term::list_cell::BYTES as usize * n as usize];
        let atoms = AtomTable::new();
        let end = memory.len() as u32;
        let mut w = HeapWriter::new(&mut memory, 64, end);
        let mut list = term::NIL;
        for _ in 0..n {
            list = w.cons(term::small(7), list).unwrap();
        }
        let mut out = Vec::new();
        write_term(w.heap(), &atoms, list, &mut out).unwrap();
        assert_eq!(out.len(), 2 * n as usize + 1);
    }
}
