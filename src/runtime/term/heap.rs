//! Terms in linear memory: reading them (`Heap`) and building them (`HeapWriter`).
//!
//! Reads are checked: a word outside memory is a `TermError`, never a host panic, so a bug in
//! generated code surfaces as a clear runtime error.

use num_bigint::{BigInt, BigUint, Sign};
use thiserror::Error;

use crate::abi::cp;
use crate::abi::term::{self, boxed, Shape, Term, WORD_BYTES};

#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum TermError {
    #[error("term points outside memory: address {address:#x}")]
    OutOfBounds { address: u32 },
    #[error("malformed term {term:#x}: {what}")]
    Malformed { term: Term, what: &'static str },
    #[error("heap exhausted: {needed} words needed")]
    HeapFull { needed: u32 },
}

/// Read-only view of the linear memory holding terms.
#[derive(Clone, Copy)]
pub struct Heap<'a> {
    bytes: &'a [u8],
}

/// What a boxed term is, with its payload's address.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Boxed {
    Tuple {
        arity: u32,
        elements: u32,
    },
    BigInt {
        negative: bool,
        digits: u32,
        address: u32,
    },
    Float(u64),
    HeapBinary {
        bytes: u32,
        address: u32,
    },
    Map {
        size: u32,
        keys: Term,
        values: u32,
    },
    /// A fun of this module's code: its entry continuation, FunT index, arity (without the
    /// free variables), and its free variables.
    LocalFun {
        entry: u64,
        index: u32,
        arity: u32,
        /// The module's name (an atom term) and FunT's `old_uniq` (a small integer term).
        module: Term,
        uniq: Term,
        /// The pid of the process that made it.
        creator: Term,
        free: u32,
        num_free: u32,
    },
    /// `fun M:F/A`: atoms and a small integer.
    ExternalFun {
        module: Term,
        function: Term,
        arity: Term,
    },
    Other {
        tag: u64,
    },
    /// A map of more than 32 keys (`runtime::data::map`): its size and the root node of its tree.
    LargeMap {
        size: u32,
        root: Term,
    },
}

/// Writes the word at `address` of linear memory (checked, like every read here).
pub fn put_word(bytes: &mut [u8], address: u32, value: Term) -> Result<(), TermError> {
    let start = address as usize;
    bytes
        .get_mut(start..start + WORD_BYTES as usize)
        .ok_or(TermError::OutOfBounds { address })?
        .copy_from_slice(&value.to_le_bytes());
    Ok(())
}

impl<'a> Heap<'a> {
    pub fn new(bytes: &'a [u8]) -> Self {
        Heap { bytes }
    }

    pub fn word(&self, address: u32) -> Result<Term, TermError> {
        let start = address as usize;
        self.bytes
            .get(start..start + WORD_BYTES as usize)
            .and_then(|b| <[u8; 8]>::try_from(b).ok())
            .map(u64::from_le_bytes)
            .ok_or(TermError::OutOfBounds { address })
    }

    pub fn bytes(&self, address: u32, len: u32) -> Result<&'a [u8], TermError> {
        let start = address as usize;
        self.bytes
            .get(start..start + len as usize)
            .ok_or(TermError::OutOfBounds { address })
    }

    /// The elements of a proper list, or `None` when `t` is not one.
    pub fn proper_list(&self, t: Term) -> Result<Option<Vec<Term>>, TermError> {
        let mut out = Vec::new();
        let mut rest = t;
        loop {
            match term::shape(rest) {
                term::Shape::Nil => return Ok(Some(out)),
                term::Shape::Cons(cell) => {
                    let (head, tail) = self.cons(cell)?;
                    out.push(head);
                    rest = tail;
                }
                _ => return Ok(None),
            }
        }
    }

    /// The elements of a tuple, or `None` when `t` is not one.
    pub fn tuple_elements(&self, t: Term) -> Result<Option<Vec<Term>>, TermError> {
        let term::Shape::Boxed(address) = term::shape(t) else {
            return Ok(None);
        };
        match self.boxed(t, address)? {
            Boxed::Tuple { arity, elements } => (0..arity)
                .map(|i| self.word(elements + term::word(i)))
                .collect::<Result<Vec<_>, _>>()
                .map(Some),
            _ => Ok(None),
        }
    }

    /// `(head, tail)` of the cons cell at `cell` (stored tail first).
    pub fn cons(&self, cell: u32) -> Result<(Term, Term), TermError> {
        Ok((
            self.word(cell + term::list_cell::HEAD)?,
            self.word(cell + term::list_cell::TAIL)?,
        ))
    }

    pub fn boxed(&self, term: Term, address: u32) -> Result<Boxed, TermError> {
        let header = self.word(address)?;
        let size = term::header_size(header);
        let payload = address + WORD_BYTES;
        Ok(match term::header_tag(header) {
            boxed::TUPLE => Boxed::Tuple {
                arity: size,
                elements: payload,
            },
            boxed::POS_BIGNUM | boxed::NEG_BIGNUM => Boxed::BigInt {
                negative: term::header_tag(header) == boxed::NEG_BIGNUM,
                digits: size,
                address: payload,
            },
            boxed::FLOAT => Boxed::Float(self.word(address + term::float::VALUE)?),
            boxed::HEAP_BINARY => Boxed::HeapBinary {
                bytes: u32::try_from(self.word(address + term::heap_binary::SIZE)?).map_err(
                    |_| TermError::Malformed {
                        term,
                        what: "heap binary larger than memory",
                    },
                )?,
                address: address + term::heap_binary::DATA,
            },
            boxed::MAP => {
                if size == 0 {
                    return Err(TermError::Malformed {
                        term,
                        what: "map without a keys tuple",
                    });
                }
                // A large map's root holds its size (a small integer) where a flatmap has its
                // keys tuple (`docs/abi.md` §3.1).
                if let Shape::Small(count) = term::shape(self.word(payload)?) {
                    if size != 2 || count < 0 {
                        return Err(TermError::Malformed {
                            term,
                            what: "bad large map root",
                        });
                    }
                    let size = u32::try_from(count).map_err(|_| TermError::Malformed {
                        term,
                        what: "bad large map size",
                    })?;
                    return Ok(Boxed::LargeMap {
                        size,
                        root: self.word(payload + WORD_BYTES)?,
                    });
                }
                Boxed::Map {
                    size: size - 1,
                    keys: self.word(payload)?,
                    values: payload + WORD_BYTES,
                }
            }
            boxed::FUN => {
                let first = self.word(payload)?;
                if size < 3 || (cp::is_continuation(first) && size < term::fun::LOCAL_WORDS - 1) {
                    return Err(TermError::Malformed {
                        term,
                        what: "fun shorter than its fixed words",
                    });
                }
                if cp::is_continuation(first) {
                    let (index, arity) =
                        term::fun::decode_info(self.word(address + term::fun::INFO)?);
                    Boxed::LocalFun {
                        entry: first,
                        index,
                        arity,
                        module: self.word(address + term::fun::MODULE)?,
                        uniq: self.word(address + term::fun::UNIQ)?,
                        creator: self.word(address + term::fun::CREATOR)?,
                        free: address + term::fun::free(0),
                        num_free: size - (term::fun::LOCAL_WORDS - 1),
                    }
                } else {
                    Boxed::ExternalFun {
                        module: first,
                        function: self.word(payload + term::word(1))?,
                        arity: self.word(payload + term::word(2))?,
                    }
                }
            }
            tag => Boxed::Other { tag },
        })
    }

    /// The integer value of a small or boxed integer term, if it is one.
    pub fn integer(&self, term: Term) -> Result<Option<BigInt>, TermError> {
        match term::shape(term) {
            Shape::Small(v) => Ok(Some(BigInt::from(v))),
            Shape::Boxed(address) => match self.boxed(term, address)? {
                Boxed::BigInt {
                    negative,
                    digits,
                    address,
                } => {
                    // The 64-bit digits, least significant first, as the little-endian bytes
                    // they are in memory (`BigUint::new` would take 32-bit digits).
                    let length = digits
                        .checked_mul(WORD_BYTES)
                        .ok_or(TermError::OutOfBounds { address })?;
                    let magnitude = BigUint::from_bytes_le(self.bytes(address, length)?);
                    let sign = if negative { Sign::Minus } else { Sign::Plus };
                    Ok(Some(BigInt::from_biguint(sign, magnitude)))
                }
                _ => Ok(None),
            },
            _ => Ok(None),
        }
    }
}

/// Builds terms in a region of linear memory by bumping `top` towards `end`.
pub struct HeapWriter<'a> {
    bytes: &'a mut [u8],
    top: u32,
    end: u32,
}

impl<'a> HeapWriter<'a> {
    /// Writes into `bytes[top..end]`; both ends must be word aligned.
    pub fn new(bytes: &'a mut [u8], top: u32, end: u32) -> Self {
        debug_assert!(top.is_multiple_of(WORD_BYTES) && end.is_multiple_of(WORD_BYTES));
        HeapWriter { bytes, top, end }
    }

    pub fn top(&self) -> u32 {
        self.top
    }

    pub fn heap(&self) -> Heap<'_> {
        Heap::new(self.bytes)
    }

    pub fn alloc(&mut self, words: u32) -> Result<u32, TermError> {
        let address = self.top;
        let new_top = words
            .checked_mul(WORD_BYTES)
            .and_then(|b| address.checked_add(b))
            .filter(|&t| t <= self.end && t as usize <= self.bytes.len())
            .ok_or(TermError::HeapFull { needed: words })?;
        self.top = new_top;
        Ok(address)
    }

    pub fn set_word(&mut self, address: u32, value: Term) -> Result<(), TermError> {
        put_word(self.bytes, address, value)
    }

    pub fn cons(&mut self, head: Term, tail: Term) -> Result<Term, TermError> {
        let cell = self.alloc(2)?;
        self.set_word(cell + term::list_cell::TAIL, tail)?;
        self.set_word(cell + term::list_cell::HEAD, head)?;
        Ok(term::cons(cell))
    }

    pub fn list(&mut self, elements: &[Term], tail: Term) -> Result<Term, TermError> {
        let mut list = tail;
        for &element in elements.iter().rev() {
            list = self.cons(element, list)?;
        }
        Ok(list)
    }

    pub fn tuple(&mut self, elements: &[Term]) -> Result<Term, TermError> {
        let address = self.alloc(1 + elements.len() as u32)?;
        self.set_word(address, term::header(elements.len() as u32, boxed::TUPLE))?;
        for (i, &e) in elements.iter().enumerate() {
            self.set_word(address + term::tuple::element(i as u32), e)?;
        }
        Ok(term::boxed(address))
    }

    pub fn float(&mut self, value: f64) -> Result<Term, TermError> {
        let address = self.alloc(1 + term::float::WORDS)?;
        self.set_word(address, term::header(term::float::WORDS, boxed::FLOAT))?;
        self.set_word(address + term::float::VALUE, value.to_bits())?;
        Ok(term::boxed(address))
    }

    /// An integer in canonical form: immediate when it fits 60 bits, else boxed 64-bit digits.
    pub fn integer(&mut self, value: &BigInt) -> Result<Term, TermError> {
        if let Some(v) = i64::try_from(value).ok().filter(|&v| term::fits_small(v)) {
            return Ok(term::small(v));
        }
        let (sign, digits) = value.to_u64_digits();
        let tag = if sign == Sign::Minus {
            boxed::NEG_BIGNUM
        } else {
            boxed::POS_BIGNUM
        };
        let address = self.alloc(1 + digits.len() as u32)?;
        self.set_word(address, term::header(digits.len() as u32, tag))?;
        for (i, &d) in digits.iter().enumerate() {
            self.set_word(address + term::bignum::DIGITS + term::word(i as u32), d)?;
        }
        Ok(term::boxed(address))
    }

    /// A flatmap (`docs/abi.md` §3.1): its keys tuple and its values, in map key order.
    pub fn flatmap(&mut self, keys: Term, values: &[Term]) -> Result<Term, TermError> {
        let n = values.len() as u32;
        let address = self.alloc(2 + n)?;
        self.set_word(address, term::header(1 + n, boxed::MAP))?;
        self.set_word(address + term::word(1), keys)?;
        for (i, &v) in values.iter().enumerate() {
            self.set_word(address + term::word(2 + i as u32), v)?;
        }
        Ok(term::boxed(address))
    }

    /// The root of a large map (`docs/abi.md` §3.1): its size and the root node of its tree.
    pub fn large_map(&mut self, size: u32, root: Term) -> Result<Term, TermError> {
        let address = self.alloc(3)?;
        self.set_word(address, term::header(2, boxed::MAP))?;
        self.set_word(address + term::word(1), term::small(size as i64))?;
        self.set_word(address + term::word(2), root)?;
        Ok(term::boxed(address))
    }

    pub fn binary(&mut self, data: &[u8]) -> Result<Term, TermError> {
        let words = (data.len() as u32).div_ceil(WORD_BYTES);
        let address = self.alloc(2 + words)?;
        self.set_word(address, term::header(1 + words, boxed::HEAP_BINARY))?;
        self.set_word(address + term::heap_binary::SIZE, data.len() as u64)?;
        let start = (address + term::heap_binary::DATA) as usize;
        self.bytes[start..start + data.len()].copy_from_slice(data);
        Ok(term::boxed(address))
    }

    /// A refc binary (`docs/abi.md` §3.1): `bytes` bytes at `data`, in an off-heap block.
    pub fn refc_binary(&mut self, data: u32, bytes: u32) -> Result<Term, TermError> {
        let address = self.alloc(1 + term::refc_binary::WORDS)?;
        self.set_word(
            address,
            term::header(term::refc_binary::WORDS, boxed::REFC_BINARY),
        )?;
        self.set_word(address + term::refc_binary::SIZE, bytes as u64)?;
        self.set_word(address + term::refc_binary::DATA, data as u64)?;
        Ok(term::boxed(address))
    }

    /// A sub binary: `bits` bits at bit `offset` of the heap or refc binary `original`.
    pub fn sub_binary(
        &mut self,
        original: Term,
        offset: u32,
        bits: u32,
    ) -> Result<Term, TermError> {
        self.three_word_object(boxed::SUB_BINARY, original, offset, bits)
    }

    /// A match state over the heap or refc binary `original`, at bit `position` of `end`.
    pub fn match_state(
        &mut self,
        original: Term,
        position: u32,
        end: u32,
    ) -> Result<Term, TermError> {
        self.three_word_object(boxed::MATCH_STATE, original, position, end)
    }

    /// A sub binary or a match state: the original binary and two bit counts (their layouts
    /// agree: `sub_binary::{ORIGINAL, OFFSET, SIZE}`, `match_state::{ORIGINAL, POSITION, END}`).
    fn three_word_object(
        &mut self,
        tag: u64,
        original: Term,
        b: u32,
        c: u32,
    ) -> Result<Term, TermError> {
        let address = self.alloc(1 + term::sub_binary::WORDS)?;
        self.set_word(address, term::header(term::sub_binary::WORDS, tag))?;
        self.set_word(address + term::sub_binary::ORIGINAL, original)?;
        self.set_word(address + term::sub_binary::OFFSET, b as u64)?;
        self.set_word(address + term::sub_binary::SIZE, c as u64)?;
        Ok(term::boxed(address))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integers_are_smalls_to_60_bits_then_bignums_of_64_bit_digits() {
        let mut memory = vec![0u8; 4096];
        let mut w = HeapWriter::new(&mut memory, 64, 4096);
        let values = [
            BigInt::from(term::SMALL_MAX),
            BigInt::from(term::SMALL_MAX) + 1,
            BigInt::from(term::SMALL_MIN),
            BigInt::from(term::SMALL_MIN) - 1,
            BigInt::from(u64::MAX),
            (BigInt::from(1) << 64usize) + 5,
            -(BigInt::from(1) << 128usize),
        ];
        for value in values {
            let top = w.top();
            let t = w.integer(&value).unwrap();
            let fits = i64::try_from(&value).is_ok_and(term::fits_small);
            assert_eq!(matches!(term::shape(t), Shape::Small(_)), fits, "{value}");
            if !fits {
                // A header, then one word per 64-bit digit.
                let digits = value.to_u64_digits().1.len() as u32;
                assert_eq!(w.top() - top, term::word(1 + digits), "{value}");
                let header = w.heap().word(term::address(t)).unwrap();
                assert_eq!(term::header_size(header), digits);
            }
            assert_eq!(w.heap().integer(t).unwrap(), Some(value));
        }
    }

    #[test]
    fn floats_and_binaries_use_whole_words() {
        let mut memory = vec![0u8; 4096];
        let mut w = HeapWriter::new(&mut memory, 64, 4096);
        let float = w.float(-2.5e300).unwrap();
        assert_eq!(w.top(), 64 + term::float::BYTES);
        let binary = w.binary(&[1, 2, 3, 4, 5, 6, 7, 8, 9]).unwrap();
        assert_eq!(w.top(), 64 + term::float::BYTES + term::word(2 + 2));
        let heap = w.heap();
        assert_eq!(
            heap.boxed(float, term::address(float)).unwrap(),
            Boxed::Float((-2.5e300f64).to_bits())
        );
        let Boxed::HeapBinary { bytes, address } =
            heap.boxed(binary, term::address(binary)).unwrap()
        else {
            panic!("not a heap binary");
        };
        assert_eq!(
            heap.bytes(address, bytes).unwrap(),
            &[1, 2, 3, 4, 5, 6, 7, 8, 9]
        );
    }
}
