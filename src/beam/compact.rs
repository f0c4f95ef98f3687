//! The compact term encoding used for instruction operands (and the Line table, and
//! OTP 28's long atom lengths).
//!
//! The low three bits of the first byte are the tag. Bit 3 clear: the value is the high
//! nibble. Bits 3..4 = 01: an 11-bit value in two bytes. Bits 3..4 = 11: a big-endian value
//! of `(B >> 5) + 2` bytes, or of `9 + u` bytes when `B >> 5 == 7`.

use num_bigint::BigInt;
use num_traits::ToPrimitive;

use super::cursor::{Cursor, Result};
use super::error::BeamError;

/// The eight primary tags of the compact encoding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Tag {
    Unsigned,
    Integer,
    Atom,
    X,
    Y,
    Label,
    Char,
    Extended,
}

impl Tag {
    fn from_low_bits(byte: u8) -> Tag {
        match byte & 0b111 {
            0 => Tag::Unsigned,
            1 => Tag::Integer,
            2 => Tag::Atom,
            3 => Tag::X,
            4 => Tag::Y,
            5 => Tag::Label,
            6 => Tag::Char,
            _ => Tag::Extended,
        }
    }

    pub(crate) fn letter(self) -> &'static str {
        match self {
            Tag::Unsigned => "u",
            Tag::Integer => "i",
            Tag::Atom => "a",
            Tag::X => "x",
            Tag::Y => "y",
            Tag::Label => "f",
            Tag::Char => "h",
            Tag::Extended => "z",
        }
    }
}

/// A register that may carry a type annotation (`z5`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Register {
    X(u32),
    Y(u32),
}

/// The kind of an entry in an allocation list (`z3`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AllocKind {
    Words,
    Floats,
    Funs,
}

/// One `(kind, amount)` entry of an allocation list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct AllocEntry {
    pub kind: AllocKind,
    pub amount: u32,
}

/// A decoded instruction operand.
#[derive(Debug, Clone, PartialEq)]
pub enum Operand {
    /// Tag `u`: an unsigned literal (arity, count, import/FunT index, StrT offset, flags...).
    U(u64),
    /// Tag `i` when the value fits in an `i64`.
    Int(i64),
    /// Tag `i` beyond the `i64` range (the encoder stops at 2^128).
    BigInt(BigInt),
    /// Tag `a` with a nonzero index: a 1-based index into the atom table.
    Atom(u32),
    /// Tag `a` with index 0: `[]`.
    Nil,
    X(u32),
    Y(u32),
    /// Tag `f`: a label; 0 means "no fail label".
    Label(u32),
    /// Tag `h` (never emitted by current compilers).
    Char(u32),
    /// `z4`: a 0-based index into the literal table.
    Literal(u32),
    /// `z2`: a float register.
    FloatReg(u32),
    /// `z1`: an extended list (always the last operand of its instruction).
    List(Vec<Operand>),
    /// `z3`: an allocation list.
    Alloc(Vec<AllocEntry>),
    /// `z5`: a register with an index into the Type table.
    TypedReg {
        register: Register,
        type_index: u32,
    },
}

impl Operand {
    /// The register for `x`, `y` and typed-register operands.
    pub fn register(&self) -> Option<Register> {
        match *self {
            Operand::X(n) => Some(Register::X(n)),
            Operand::Y(n) => Some(Register::Y(n)),
            Operand::TypedReg { register, .. } => Some(register),
            _ => None,
        }
    }
}

/// A raw tagged value before it is given a meaning.
enum RawValue<'a> {
    Small(u64),
    /// Big-endian bytes of the multi-byte form (two's complement for tag `i`).
    Bytes(&'a [u8]),
}

/// Reads one tag + value, not interpreting extended tags.
fn read_tagged<'a>(cursor: &mut Cursor<'a>) -> Result<(Tag, u8, RawValue<'a>)> {
    let first = cursor.u8("operand")?;
    let tag = Tag::from_low_bits(first);
    if first & 0x08 == 0 {
        return Ok((tag, first, RawValue::Small(u64::from(first >> 4))));
    }
    if first & 0x10 == 0 {
        let low = cursor.u8("operand (2-byte form)")?;
        let value = (u64::from(first & 0xE0) << 3) | u64::from(low);
        return Ok((tag, first, RawValue::Small(value)));
    }
    let length_code = first >> 5;
    let length = if length_code == 7 {
        // The byte count itself is a nested `u` operand, offset by 9.
        let at = cursor.location();
        let (nested_tag, _, nested) = read_tagged(cursor)?;
        if nested_tag != Tag::Unsigned {
            return Err(BeamError::BadTag {
                at,
                tag: nested_tag.letter(),
                expected: "u (length of a long integer)",
            });
        }
        let extra = unsigned_value(nested, at, "integer length")?;
        cursor.check_count(extra.saturating_add(9), 1, "integer operand length")?
    } else {
        usize::from(length_code) + 2
    };
    let bytes = cursor.bytes(length, "multi-byte operand value")?;
    Ok((tag, first, RawValue::Bytes(bytes)))
}

fn unsigned_value(
    raw: RawValue<'_>,
    at: super::error::Location,
    what: &'static str,
) -> Result<u64> {
    match raw {
        RawValue::Small(value) => Ok(value),
        RawValue::Bytes(bytes) => {
            // The encoder adds a leading zero byte when the top bit is set, so strip zeros.
            let significant = match bytes.iter().position(|&b| b != 0) {
                Some(first_nonzero) => &bytes[first_nonzero..],
                None => &[],
            };
            if significant.len() > 8 {
                return Err(BeamError::ValueTooLarge { at, what, bits: 64 });
            }
            Ok(significant
                .iter()
                .fold(0u64, |acc, &b| (acc << 8) | u64::from(b)))
        }
    }
}

fn to_u32(value: u64, at: super::error::Location, what: &'static str) -> Result<u32> {
    u32::try_from(value).map_err(|_| BeamError::ValueTooLarge { at, what, bits: 32 })
}

fn signed_value(raw: RawValue<'_>) -> Operand {
    match raw {
        RawValue::Small(value) => Operand::Int(value as i64),
        RawValue::Bytes(bytes) if bytes.len() <= 8 => {
            // Sign-extend the two's complement bytes.
            let fill = if bytes[0] & 0x80 != 0 { 0xFF } else { 0 };
            let mut buffer = [fill; 8];
            buffer[8 - bytes.len()..].copy_from_slice(bytes);
            Operand::Int(i64::from_be_bytes(buffer))
        }
        RawValue::Bytes(bytes) => {
            let big = BigInt::from_signed_bytes_be(bytes);
            match big.to_i64() {
                Some(small) => Operand::Int(small),
                None => Operand::BigInt(big),
            }
        }
    }
}

/// Reads a `u`-tagged value (used inside extended forms and by the Line/AtU8 tables).
pub(crate) fn read_unsigned(cursor: &mut Cursor<'_>, what: &'static str) -> Result<u64> {
    let at = cursor.location();
    let (tag, _, raw) = read_tagged(cursor)?;
    if tag != Tag::Unsigned {
        return Err(BeamError::BadTag {
            at,
            tag: tag.letter(),
            expected: "u",
        });
    }
    unsigned_value(raw, at, what)
}

/// Reads any non-extended tagged value as (tag, value), for the Line table.
pub(crate) fn read_simple(cursor: &mut Cursor<'_>, what: &'static str) -> Result<(Tag, Operand)> {
    let at = cursor.location();
    let (tag, _, raw) = read_tagged(cursor)?;
    let operand = match tag {
        Tag::Integer => signed_value(raw),
        Tag::Extended => {
            return Err(BeamError::BadTag {
                at,
                tag: tag.letter(),
                expected: what,
            })
        }
        _ => Operand::U(unsigned_value(raw, at, what)?),
    };
    Ok((tag, operand))
}

/// Reads one instruction operand. Extended lists are only allowed when `allow_list` is set
/// (a list never nests inside another list, which also bounds recursion).
pub(crate) fn read_operand(cursor: &mut Cursor<'_>, allow_list: bool) -> Result<Operand> {
    let at = cursor.location();
    let (tag, first, raw) = read_tagged(cursor)?;
    match tag {
        Tag::Unsigned => Ok(Operand::U(unsigned_value(raw, at, "u operand")?)),
        Tag::Integer => Ok(signed_value(raw)),
        Tag::Atom => {
            let index = to_u32(unsigned_value(raw, at, "atom index")?, at, "atom index")?;
            Ok(if index == 0 {
                Operand::Nil
            } else {
                Operand::Atom(index)
            })
        }
        Tag::X => Ok(Operand::X(to_u32(
            unsigned_value(raw, at, "x register")?,
            at,
            "x register",
        )?)),
        Tag::Y => Ok(Operand::Y(to_u32(
            unsigned_value(raw, at, "y register")?,
            at,
            "y register",
        )?)),
        Tag::Label => Ok(Operand::Label(to_u32(
            unsigned_value(raw, at, "label")?,
            at,
            "label",
        )?)),
        Tag::Char => Ok(Operand::Char(to_u32(
            unsigned_value(raw, at, "character")?,
            at,
            "character",
        )?)),
        Tag::Extended => read_extended(cursor, first, raw, at, allow_list),
    }
}

fn read_extended(
    cursor: &mut Cursor<'_>,
    first: u8,
    raw: RawValue<'_>,
    at: super::error::Location,
    allow_list: bool,
) -> Result<Operand> {
    // Extended tags always use the one-byte form.
    let extended = match raw {
        RawValue::Small(value) if first & 0x08 == 0 => value,
        RawValue::Small(value) => return Err(BeamError::UnknownExtendedTag { at, value }),
        RawValue::Bytes(_) => {
            return Err(BeamError::UnknownExtendedTag {
                at,
                value: u64::from(first),
            })
        }
    };
    match extended {
        0 => Err(BeamError::ObsoleteFloatOperand { at }),
        1 => {
            if !allow_list {
                return Err(BeamError::BadTag {
                    at,
                    tag: "z1",
                    expected: "a non-list operand (lists do not nest)",
                });
            }
            let count = read_unsigned(cursor, "list length")?;
            let count = cursor.check_count(count, 1, "extended list length")?;
            let mut items = Vec::with_capacity(count);
            for _ in 0..count {
                items.push(read_operand(cursor, false)?);
            }
            Ok(Operand::List(items))
        }
        2 => {
            let value_at = cursor.location();
            let index = read_unsigned(cursor, "float register")?;
            Ok(Operand::FloatReg(to_u32(
                index,
                value_at,
                "float register",
            )?))
        }
        3 => {
            let count = read_unsigned(cursor, "allocation list length")?;
            let count = cursor.check_count(count, 2, "allocation list length")?;
            let mut entries = Vec::with_capacity(count);
            for _ in 0..count {
                let kind_at = cursor.location();
                let kind = match read_unsigned(cursor, "allocation kind")? {
                    0 => AllocKind::Words,
                    1 => AllocKind::Floats,
                    2 => AllocKind::Funs,
                    other => {
                        return Err(BeamError::BadSize {
                            at: kind_at,
                            what: "allocation kind",
                            value: other,
                            limit: 2,
                        })
                    }
                };
                let amount_at = cursor.location();
                let amount = read_unsigned(cursor, "allocation amount")?;
                entries.push(AllocEntry {
                    kind,
                    amount: to_u32(amount, amount_at, "allocation amount")?,
                });
            }
            Ok(Operand::Alloc(entries))
        }
        4 => {
            let value_at = cursor.location();
            let index = read_unsigned(cursor, "literal index")?;
            Ok(Operand::Literal(to_u32(index, value_at, "literal index")?))
        }
        5 => {
            let register_at = cursor.location();
            let register = match read_operand(cursor, false)? {
                Operand::X(n) => Register::X(n),
                Operand::Y(n) => Register::Y(n),
                _ => {
                    return Err(BeamError::BadTag {
                        at: register_at,
                        tag: "non-register",
                        expected: "x or y register in a typed register",
                    })
                }
            };
            let type_at = cursor.location();
            let type_index = read_unsigned(cursor, "type index")?;
            Ok(Operand::TypedReg {
                register,
                type_index: to_u32(type_index, type_at, "type index")?,
            })
        }
        value => Err(BeamError::UnknownExtendedTag { at, value }),
    }
}
