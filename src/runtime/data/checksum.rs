//! The checksums `erlang` computes in C: `crc32_combine/3`, `adler32/1,2`,
//! `adler32_combine/3` (zlib's functions) and MD5 (RFC 1321: `md5/1` and the incremental
//! `md5_init/0`, `md5_update/2`, `md5_final/1`). `crc32/1,2` are with the binary BIFs.
//!
//! An MD5 context is, as on OTP, an 88-byte binary laid out as OTP's C `MD5_CTX`: the four
//! state words, the message length in bits and the pending block, little-endian (where OTP
//! leaves the unused end of the block uninitialized, it is zero here).

use num_bigint::BigInt;
use num_traits::ToPrimitive;

use super::bits;
use crate::abi::bifs::{BinaryBif, ChecksumBif};
use crate::abi::term::{self, Term};
use crate::runtime::bifs::badarg;
use crate::runtime::bifs::Raise;
use crate::runtime::term::atoms::AtomTable;
use crate::runtime::term::heap::{Heap, TermError};
use crate::runtime::term::value::Value;

/// An iolist's bytes, or `None`.
fn iolist(heap: Heap<'_>, atoms: &mut AtomTable, t: Term) -> Result<Option<Vec<u8>>, Raise> {
    match bits::eval(BinaryBif::IolistToBinary, heap, atoms, &[t]) {
        Ok(Value::Bitstring { data, .. }) => Ok(Some(data)),
        Ok(_) => Err(Raise::Fault(
            TermError::Malformed {
                term: t,
                what: "iolist_to_binary gave no bytes",
            }
            .into(),
        )),
        Err(Raise::Exception { .. }) => Ok(None),
        Err(other) => Err(other),
    }
}

fn unsigned(heap: Heap<'_>, t: Term, max: u64) -> Result<Option<u64>, TermError> {
    Ok(heap
        .integer(t)?
        .as_ref()
        .and_then(BigInt::to_u64)
        .filter(|&v| v <= max))
}

// ---- CRC-32 combination (zlib's `crc32_combine` over GF(2)) ----

const CRC_POLY: u32 = 0xEDB8_8320;

/// `a * b mod p(x)`, reflected polynomials as zlib keeps them.
fn multmodp(a: u32, mut b: u32) -> u32 {
    let mut m = 1u32 << 31;
    let mut product = 0;
    loop {
        if a & m != 0 {
            product ^= b;
            if a & (m - 1) == 0 {
                break;
            }
        }
        m >>= 1;
        b = if b & 1 != 0 {
            (b >> 1) ^ CRC_POLY
        } else {
            b >> 1
        };
    }
    product
}

/// `x^(n * 2^k) mod p(x)`.
fn x2nmodp(mut n: u64, mut k: u32) -> u32 {
    let mut power_of_two = [0u32; 32];
    let mut p = 1u32 << 30; // x^1
    for slot in power_of_two.iter_mut() {
        *slot = p;
        p = multmodp(p, p);
    }
    let mut result = 1u32 << 31; // x^0
    while n != 0 {
        if n & 1 != 0 {
            result = multmodp(power_of_two[(k & 31) as usize], result);
        }
        n >>= 1;
        k += 1;
    }
    result
}

fn crc32_combine(crc1: u32, crc2: u32, len2: u64) -> u32 {
    multmodp(x2nmodp(len2, 3), crc1) ^ crc2
}

// ---- Adler-32 ----

const ADLER_BASE: u32 = 65_521;

fn adler32(adler: u32, data: &[u8]) -> u32 {
    let (mut a, mut b) = (adler & 0xFFFF, adler >> 16);
    // 5552 bytes keep both sums below 2^32 before the modulo (zlib's NMAX).
    for chunk in data.chunks(5552) {
        for &byte in chunk {
            a += byte as u32;
            b += a;
        }
        a %= ADLER_BASE;
        b %= ADLER_BASE;
    }
    (b << 16) | a
}

fn adler32_combine(adler1: u32, adler2: u32, len2: u64) -> u32 {
    let rem = (len2 % ADLER_BASE as u64) as u32;
    let mut sum1 = adler1 & 0xFFFF;
    let mut sum2 = (rem * sum1) % ADLER_BASE;
    sum1 += (adler2 & 0xFFFF) + ADLER_BASE - 1;
    sum2 += (adler1 >> 16) + (adler2 >> 16) + ADLER_BASE - rem;
    if sum1 >= ADLER_BASE {
        sum1 -= ADLER_BASE;
    }
    if sum1 >= ADLER_BASE {
        sum1 -= ADLER_BASE;
    }
    if sum2 >= ADLER_BASE << 1 {
        sum2 -= ADLER_BASE << 1;
    }
    if sum2 >= ADLER_BASE {
        sum2 -= ADLER_BASE;
    }
    sum1 | (sum2 << 16)
}

// ---- MD5 ----

const MD5_CONTEXT_BYTES: usize = 88;

#[derive(Clone)]
struct Md5 {
    state: [u32; 4],
    length: u64,
    pending: Vec<u8>,
}

const MD5_SHIFTS: [u32; 64] = [
    7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 5, 9, 14, 20, 5, 9, 14, 20, 5, 9,
    14, 20, 5, 9, 14, 20, 4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 6, 10, 15,
    21, 6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21,
];

impl Md5 {
    fn new() -> Md5 {
        Md5 {
            state: [0x6745_2301, 0xEFCD_AB89, 0x98BA_DCFE, 0x1032_5476],
            length: 0,
            pending: Vec::with_capacity(64),
        }
    }

    fn block(&mut self, block: &[u8]) {
        // The sine table of RFC 1321: floor(|sin(i + 1)| * 2^32).
        let k = |i: usize| ((i as f64 + 1.0).sin().abs() * 4_294_967_296.0) as u32;
        let m = |i: usize| {
            u32::from_le_bytes([
                block[4 * i],
                block[4 * i + 1],
                block[4 * i + 2],
                block[4 * i + 3],
            ])
        };
        let [mut a, mut b, mut c, mut d] = self.state;
        for (i, &shift) in MD5_SHIFTS.iter().enumerate() {
            let (f, g) = match i / 16 {
                0 => ((b & c) | (!b & d), i),
                1 => ((d & b) | (!d & c), (5 * i + 1) % 16),
                2 => (b ^ c ^ d, (3 * i + 5) % 16),
                _ => (c ^ (b | !d), (7 * i) % 16),
            };
            let rotated = a
                .wrapping_add(f)
                .wrapping_add(k(i))
                .wrapping_add(m(g))
                .rotate_left(shift);
            a = d;
            d = c;
            c = b;
            b = b.wrapping_add(rotated);
        }
        for (s, v) in self.state.iter_mut().zip([a, b, c, d]) {
            *s = s.wrapping_add(v);
        }
    }

    fn update(&mut self, mut data: &[u8]) {
        self.length = self.length.wrapping_add(data.len() as u64);
        if !self.pending.is_empty() {
            let take = (64 - self.pending.len()).min(data.len());
            self.pending.extend_from_slice(&data[..take]);
            data = &data[take..];
            if self.pending.len() < 64 {
                return;
            }
            let block = std::mem::take(&mut self.pending);
            self.block(&block);
            self.pending = Vec::with_capacity(64);
        }
        let mut blocks = data.chunks_exact(64);
        for block in blocks.by_ref() {
            self.block(block);
        }
        self.pending.extend_from_slice(blocks.remainder());
    }

    fn finish(mut self) -> Vec<u8> {
        let bits = self.length.wrapping_mul(8);
        let mut padding = vec![0x80u8];
        let used = (self.length % 64) as usize;
        let zeros = if used < 56 { 55 - used } else { 119 - used };
        padding.extend(std::iter::repeat_n(0, zeros));
        padding.extend_from_slice(&bits.to_le_bytes());
        self.update(&padding);
        self.state.iter().flat_map(|s| s.to_le_bytes()).collect()
    }

    fn to_context(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(MD5_CONTEXT_BYTES);
        for s in self.state {
            out.extend_from_slice(&s.to_le_bytes());
        }
        // As the reference implementation counts: bits, low word first.
        out.extend_from_slice(&self.length.wrapping_mul(8).to_le_bytes());
        out.extend_from_slice(&self.pending);
        out.resize(MD5_CONTEXT_BYTES, 0);
        out
    }

    fn from_context(bytes: &[u8]) -> Option<Md5> {
        if bytes.len() != MD5_CONTEXT_BYTES {
            return None;
        }
        let word =
            |i: usize| u32::from_le_bytes([bytes[i], bytes[i + 1], bytes[i + 2], bytes[i + 3]]);
        let length = u64::from_le_bytes(bytes[16..24].try_into().ok()?) / 8;
        let pending = bytes[24..24 + (length % 64) as usize].to_vec();
        Some(Md5 {
            state: [word(0), word(4), word(8), word(12)],
            length,
            pending,
        })
    }
}

fn md5_context(heap: Heap<'_>, t: Term) -> Result<Option<Md5>, TermError> {
    Ok(match bits::view(heap, t)? {
        Some(v) if v.size.is_multiple_of(8) => Md5::from_context(&bits::extract(heap, &v)?),
        _ => None,
    })
}

/// Calls a checksum BIF with `args` (as many as its arity).
pub(crate) fn eval(
    bif: ChecksumBif,
    heap: Heap<'_>,
    atoms: &mut AtomTable,
    args: &[Term],
) -> Result<Value, Raise> {
    let arg = |i: usize| args.get(i).copied().unwrap_or(term::NIL);
    let (a, b, c) = (arg(0), arg(1), arg(2));
    let int = |v: u32| Ok(Value::Int(BigInt::from(v)));
    match bif {
        ChecksumBif::Crc32Combine3 | ChecksumBif::Adler32Combine3 => {
            let (Some(first), Some(second), Some(len)) = (
                unsigned(heap, a, u32::MAX as u64)?,
                unsigned(heap, b, u32::MAX as u64)?,
                // The length too is a 32-bit quantity to OTP.
                unsigned(heap, c, u32::MAX as u64)?,
            ) else {
                return Err(badarg(atoms));
            };
            if bif == ChecksumBif::Crc32Combine3 {
                int(crc32_combine(first as u32, second as u32, len))
            } else {
                int(adler32_combine(first as u32, second as u32, len))
            }
        }
        ChecksumBif::Adler32_1 | ChecksumBif::Adler32_2 => {
            let (start, data) = if bif == ChecksumBif::Adler32_1 {
                (Some(1), a)
            } else {
                (unsigned(heap, a, u32::MAX as u64)?, b)
            };
            match (start, iolist(heap, atoms, data)?) {
                (Some(start), Some(bytes)) => int(adler32(start as u32, &bytes)),
                _ => Err(badarg(atoms)),
            }
        }
        ChecksumBif::Md5_1 => match iolist(heap, atoms, a)? {
            Some(bytes) => {
                let mut md5 = Md5::new();
                md5.update(&bytes);
                Ok(bits::bytes_value(md5.finish()))
            }
            None => Err(badarg(atoms)),
        },
        ChecksumBif::Md5Init0 => Ok(bits::bytes_value(Md5::new().to_context())),
        ChecksumBif::Md5Update2 => {
            let (Some(mut md5), Some(bytes)) = (md5_context(heap, a)?, iolist(heap, atoms, b)?)
            else {
                return Err(badarg(atoms));
            };
            md5.update(&bytes);
            Ok(bits::bytes_value(md5.to_context()))
        }
        ChecksumBif::Md5Final1 => match md5_context(heap, a)? {
            Some(md5) => Ok(bits::bytes_value(md5.finish())),
            None => Err(badarg(atoms)),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hex(bytes: &[u8]) -> String {
        bytes.iter().map(|b| format!("{b:02x}")).collect()
    }

    fn md5(data: &[u8]) -> String {
        let mut m = Md5::new();
        m.update(data);
        hex(&m.finish())
    }

    #[test]
    fn md5_rfc1321_vectors() {
        assert_eq!(md5(b""), "d41d8cd98f00b204e9800998ecf8427e");
        assert_eq!(md5(b"abc"), "900150983cd24fb0d6963f7d28e17f72");
        assert_eq!(
            md5(
                b"12345678901234567890123456789012345678901234567890123456789012345678901234567890"
            ),
            "57edf4a22be3c955ac49da2e2107b67a"
        );
        // Incremental through a context, split across a block boundary.
        let mut m = Md5::new();
        m.update(&[b'a'; 60]);
        let mut m = Md5::from_context(&m.to_context()).unwrap();
        m.update(&[b'a'; 10]);
        assert_eq!(hex(&m.finish()), md5(&[b'a'; 70]));
    }

    #[test]
    fn adler_and_crc_combine() {
        assert_eq!(adler32(1, b"abc"), 38_600_999);
        let (x, y) = (b"hello ".as_slice(), b"world".as_slice());
        let whole = adler32(1, b"hello world");
        assert_eq!(adler32_combine(adler32(1, x), adler32(1, y), 5), whole);
        let crc = |d: &[u8]| {
            let mut c = !0u32;
            for &byte in d {
                c ^= byte as u32;
                for _ in 0..8 {
                    c = if c & 1 != 0 {
                        (c >> 1) ^ CRC_POLY
                    } else {
                        c >> 1
                    };
                }
            }
            !c
        };
        assert_eq!(crc32_combine(crc(x), crc(y), 5), crc(b"hello world"));
        assert_eq!(crc32_combine(crc(x), crc(b""), 0), crc(x));
    }
}
