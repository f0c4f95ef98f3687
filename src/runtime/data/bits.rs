//! Binaries and bit syntax: construction and matching through the `bits_op` primitive, the
//! off-heap (refc) binaries of a process, and the binary BIFs.
//!
//! Layout (`docs/abi.md` §3.1, offsets from `abi::term`; every word 8 bytes): a *heap
//! binary* holds its bytes inline; a *refc binary* (a "ProcBin") holds a byte count and a
//! pointer into an *off-heap block* from the host allocator, whose header is four `u32`
//! fields `[refcount, capacity, used, writable]` (`abi::layout::binary_block`) before the
//! bytes; a *sub binary* is `[original, bit offset, bit size]` into a heap or refc binary
//! (every bitstring whose size is not a multiple of 8 is one); a *match state* is
//! `[original, position, end]` in bits.
//!
//! Off-heap blocks are reference counted by the refc binaries that point at them. Every refc
//! binary a process writes is recorded in the process's off-heap list (`State::offheap`);
//! after each collection `sweep` walks the list: a refc binary in from-space that was copied
//! (its header is a forwarding pointer) stays listed at its new address, one that was not is
//! garbage and drops its block's count; a block whose count reaches zero goes back to the
//! allocator. When the process ends, its whole list is dropped.

use std::collections::HashMap;

use crate::runtime::error::{Fault, Limit};
use crate::runtime::machine::Machine;
use num_bigint::{BigInt, Sign};
use num_traits::{Signed, ToPrimitive};

use super::etf;
use crate::abi::bifs::BinaryBif;
use crate::abi::layout::binary_block;
use crate::abi::{bits_op as op, NON_VALUE};

use crate::abi::term::{
    self, boxed, heap_binary, list_cell, match_state as ms, refc_binary, sub_binary, Shape, Term,
    WORD_BYTES,
};
use crate::runtime::bifs::Raise;
use crate::runtime::bifs::{badarg, error_atom};
use crate::runtime::exception;
use crate::runtime::host::Host;
use crate::runtime::memory::gc::{Block, Layout};
use crate::runtime::memory::{self, heap_alloc};
use crate::runtime::term::atoms::AtomTable;
use crate::runtime::term::heap::{put_word as put, Boxed, Heap, TermError};
use crate::runtime::term::value::Value;

/// Binaries of more bytes than this live off-heap (OTP's `ERL_ONHEAP_BIN_LIMIT`). Literals
/// are heap binaries of any size (they are never copied).
pub const HEAP_BINARY_MAX: usize = 64;
/// Bit positions and sizes are 32-bit: a binary holds fewer than 2^29 bytes.
pub const MAX_BITS: u64 = 8 * binary_block::MAX_BYTES as u64;

/// A bitstring as it lies in memory: `size` bits from bit `offset` of the bytes at `data`,
/// which belong to the heap or refc binary `original`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BitsView {
    pub original: Term,
    pub data: u32,
    pub offset: u64,
    pub size: u64,
}

/// The word at `address` as a 32-bit quantity (an address, a byte or bit count): a word with
/// bits above 32 set is malformed memory, not a number to truncate.
fn word32(heap: Heap<'_>, address: u32) -> Result<u32, TermError> {
    let word = heap.word(address)?;
    u32::try_from(word).map_err(|_| TermError::Malformed {
        term: word,
        what: "a binary's size or address word does not fit 32 bits",
    })
}

/// `(data address, byte count)` of a heap or refc binary at `address`, or `None`.
fn whole_binary(heap: Heap<'_>, address: u32) -> Result<Option<(u32, u32)>, TermError> {
    let header = heap.word(address)?;
    Ok(match term::header_tag(header) {
        boxed::HEAP_BINARY => Some((
            address + heap_binary::DATA,
            word32(heap, address + heap_binary::SIZE)?,
        )),
        boxed::REFC_BINARY => Some((
            word32(heap, address + refc_binary::DATA)?,
            word32(heap, address + refc_binary::SIZE)?,
        )),
        _ => None,
    })
}

/// The bitstring `t` is, if it is one.
pub fn view(heap: Heap<'_>, t: Term) -> Result<Option<BitsView>, TermError> {
    let Shape::Boxed(address) = term::shape(t) else {
        return Ok(None);
    };
    let header = heap.word(address)?;
    if term::header_tag(header) == boxed::SUB_BINARY {
        let original = heap.word(address + sub_binary::ORIGINAL)?;
        let offset = heap.word(address + sub_binary::OFFSET)?;
        let size = heap.word(address + sub_binary::SIZE)?;
        let Shape::Boxed(inner) = term::shape(original) else {
            return Err(TermError::Malformed {
                term: t,
                what: "sub binary of a non-binary",
            });
        };
        let (data, bytes) = whole_binary(heap, inner)?.ok_or(TermError::Malformed {
            term: t,
            what: "sub binary of a non-binary",
        })?;
        if offset
            .checked_add(size)
            .is_none_or(|end| end > 8 * bytes as u64)
        {
            return Err(TermError::Malformed {
                term: t,
                what: "sub binary past its original",
            });
        }
        return Ok(Some(BitsView {
            original,
            data,
            offset,
            size,
        }));
    }
    Ok(whole_binary(heap, address)?.map(|(data, bytes)| BitsView {
        original: t,
        data,
        offset: 0,
        size: 8 * bytes as u64,
    }))
}

/// Whether `t` is a bitstring (of any bit size).
pub fn is_bitstring(heap: Heap<'_>, t: Term) -> Result<bool, TermError> {
    Ok(view(heap, t)?.is_some())
}

/// The bits of a view, left-aligned in `ceil(size / 8)` bytes (unused low bits zero).
pub fn extract(heap: Heap<'_>, v: &BitsView) -> Result<Vec<u8>, TermError> {
    let bytes = v.size.div_ceil(8) as u32;
    let mut out;
    if v.offset.is_multiple_of(8) {
        out = heap.bytes(v.data + (v.offset / 8) as u32, bytes)?.to_vec();
    } else {
        let first = v.data + (v.offset / 8) as u32;
        let span = (v.offset % 8 + v.size).div_ceil(8) as u32;
        let src = heap.bytes(first, span)?;
        let shift = (v.offset % 8) as u32;
        out = Vec::with_capacity(bytes as usize);
        for i in 0..bytes as usize {
            let hi = src[i] << shift;
            let lo = src.get(i + 1).map_or(0, |b| b >> (8 - shift));
            out.push(hi | lo);
        }
    }
    let rest = (v.size % 8) as u32;
    if rest != 0 {
        if let Some(last) = out.last_mut() {
            *last &= 0xFFu8 << (8 - rest);
        }
    }
    Ok(out)
}

/// Reads `n <= 64` bits at bit `offset` of `data`, big-endian.
fn read_uint(heap: Heap<'_>, data: u32, offset: u64, n: u32) -> Result<u64, TermError> {
    if n == 0 {
        return Ok(0);
    }
    let first = (offset / 8) as u32;
    let span = ((offset % 8) + n as u64).div_ceil(8) as u32;
    let src = heap.bytes(data + first, span)?;
    let mut acc: u128 = 0;
    for &b in src {
        acc = (acc << 8) | b as u128;
    }
    let shift = 8 * span as u64 - (offset % 8) - n as u64;
    acc >>= shift;
    let mask = if n == 64 {
        u64::MAX as u128
    } else {
        (1u128 << n) - 1
    };
    Ok((acc & mask) as u64)
}

/// Bits under construction, left-aligned.
#[derive(Clone, Debug, Default)]
pub struct BitWriter {
    pub bytes: Vec<u8>,
    pub bits: u64,
}

impl BitWriter {
    /// Appends the low `n <= 64` bits of `v`, most significant first.
    pub fn push_uint(&mut self, v: u64, n: u32) {
        if self.bits.is_multiple_of(8) && n.is_multiple_of(8) {
            for i in (0..n / 8).rev() {
                self.bytes.push((v >> (8 * i)) as u8);
            }
            self.bits += n as u64;
            return;
        }
        let mut remaining = n;
        while remaining > 0 {
            let used = (self.bits % 8) as u32;
            if used == 0 {
                self.bytes.push(0);
            }
            let free = 8 - used;
            let take = free.min(remaining);
            let chunk = ((v >> (remaining - take)) & ((1u64 << take) - 1)) as u8;
            if let Some(last) = self.bytes.last_mut() {
                *last |= chunk << (free - take);
            }
            self.bits += take as u64;
            remaining -= take;
        }
    }

    /// Appends `n` bits of the left-aligned `src`, starting at its bit `offset`.
    pub fn push_bits(&mut self, src: &[u8], offset: u64, n: u64) {
        if self.bits.is_multiple_of(8) && offset.is_multiple_of(8) {
            let start = (offset / 8) as usize;
            let whole = (n / 8) as usize;
            self.bytes.extend_from_slice(&src[start..start + whole]);
            self.bits += 8 * whole as u64;
            let rest = (n % 8) as u32;
            if rest != 0 {
                let b = src[start + whole] >> (8 - rest);
                self.push_uint(b as u64, rest);
            }
            return;
        }
        let mut done = 0u64;
        while done < n {
            let take = (n - done).min(8) as u32;
            let at = offset + done;
            let i = (at / 8) as usize;
            let shift = (at % 8) as u32;
            let word = ((src[i] as u16) << 8) | src.get(i + 1).copied().unwrap_or(0) as u16;
            let v = (word >> (16 - shift - take)) & ((1u16 << take) - 1);
            self.push_uint(v as u64, take);
            done += take as u64;
        }
    }

    fn into_value(self) -> Value {
        Value::Bitstring {
            data: self.bytes,
            bits: self.bits,
        }
    }
}

/// The refc binaries of one process, by generation: a minor collection sweeps only the young
/// ones, so its cost does not grow with the old heap.
#[derive(Debug, Default)]
pub struct OffHeapList {
    young: Vec<u32>,
    old: Vec<u32>,
}

/// The bitstring being built by a `bs_create_bin`, and the off-heap lists of processes.
#[derive(Debug, Default)]
pub struct State {
    builder: BitWriter,
    /// The binary an `append` segment extends (the first segment), if any.
    base: Option<Term>,
    /// Per process (by context address): the addresses of its refc binaries.
    offheap: HashMap<u32, OffHeapList>,
}

// ---- off-heap blocks ----

/// The byte offset of an off-heap block's `used` field (between `CAPACITY` and `WRITABLE`;
/// `abi::layout::binary_block` names the fields the generated code reads).
const BLOCK_USED: u32 = 8;

/// A `u32` field of an off-heap block's header.
fn get_field(mem: &[u8], address: u32) -> Result<u32, TermError> {
    let a = address as usize;
    mem.get(a..a + 4)
        .and_then(|b| b.try_into().ok())
        .map(u32::from_le_bytes)
        .ok_or(TermError::OutOfBounds { address })
}

fn put_field(mem: &mut [u8], address: u32, value: u32) -> Result<(), TermError> {
    let a = address as usize;
    mem.get_mut(a..a + 4)
        .ok_or(TermError::OutOfBounds { address })?
        .copy_from_slice(&value.to_le_bytes());
    Ok(())
}

/// A word of the heap.
fn get(mem: &[u8], address: u32) -> Result<Term, TermError> {
    Heap::new(mem).word(address)
}

/// A 32-bit quantity kept in a word of the heap (a refc binary's data address).
fn get32(mem: &[u8], address: u32) -> Result<u32, TermError> {
    word32(Heap::new(mem), address)
}

/// A new off-heap block with room for `capacity` bytes holding `bytes`; returns the data
/// address. Its count is 0 until a refc binary pointing at it is registered. A `writable`
/// block's refc binary is only ever reached through sub binaries, so appends may grow it.
fn new_block(
    machine: &mut dyn Machine,
    capacity: u64,
    bytes: &[u8],
    writable: bool,
) -> Result<u32, Fault> {
    let capacity = u32::try_from(capacity.max(bytes.len() as u64).next_multiple_of(8))
        .map_err(|_| Limit::BinaryTooLarge)?;
    let total = capacity
        .checked_add(binary_block::HEADER)
        .ok_or(Limit::BinaryTooLarge)?;
    let block = machine.host_mut().allocator.allocate(total)?;
    memory::ensure_backed(machine)?;
    let mem = machine.memory_mut();
    put_field(mem, block, 0)?;
    put_field(mem, block + binary_block::CAPACITY, capacity)?;
    put_field(mem, block + BLOCK_USED, 0)?;
    put_field(mem, block + binary_block::WRITABLE, writable as u32)?;
    let data = block + binary_block::HEADER;
    mem.get_mut(data as usize..data as usize + bytes.len())
        .ok_or(Fault::Invariant("off-heap block outside memory"))?
        .copy_from_slice(bytes);
    Ok(data)
}

fn decref(mem: &mut [u8], host: &mut Host, data: u32) -> Result<(), TermError> {
    let block = data.wrapping_sub(binary_block::HEADER);
    let count = get_field(mem, block)?;
    if count <= 1 {
        let capacity = get_field(mem, block + binary_block::CAPACITY)?;
        put_field(mem, block, 0)?;
        host.allocator
            .release(block, capacity + binary_block::HEADER);
    } else {
        put_field(mem, block, count - 1)?;
    }
    Ok(())
}

/// Moves large bitstrings of `value` off-heap (so that `write` makes refc binaries of them).
/// Returns whether the value holds any refc binary to register once written.
pub(crate) fn prepare(machine: &mut dyn Machine, value: &mut Value) -> Result<bool, Fault> {
    match value {
        Value::Bitstring { data, bits } if data.len() > HEAP_BINARY_MAX => {
            let address = new_block(machine, data.len() as u64, data, false)?;
            *value = Value::OffHeap {
                data: address,
                bits: *bits,
                wrap: false,
            };
            Ok(true)
        }
        Value::OffHeap { .. } => Ok(true),
        Value::Tuple(elements) => {
            let mut any = false;
            for e in elements {
                any |= prepare(machine, e)?;
            }
            Ok(any)
        }
        Value::List(elements, tail) => {
            let mut any = prepare(machine, tail)?;
            for e in elements {
                any |= prepare(machine, e)?;
            }
            Ok(any)
        }
        _ => Ok(false),
    }
}

/// Records the refc binaries written in `[from, to)` of the process's heap.
pub(crate) fn register(
    mem: &mut [u8],
    host: &mut Host,
    context: u32,
    from: u32,
    to: u32,
) -> Result<(), TermError> {
    let mut at = from;
    let list = &mut host.bits.offheap.entry(context).or_default().young;
    while at < to {
        let word = get(mem, at)?;
        if term::is_header(word) {
            if term::header_tag(word) == boxed::REFC_BINARY {
                list.push(at);
                let block = get32(mem, at + refc_binary::DATA)?.wrapping_sub(binary_block::HEADER);
                let count = get_field(mem, block)?;
                put_field(mem, block, count + 1)?;
            }
            let words = 1 + term::header_size(word);
            at = words
                .checked_mul(WORD_BYTES)
                .and_then(|bytes| at.checked_add(bytes))
                .ok_or(TermError::Malformed {
                    term: word,
                    what: "an object past the end of memory",
                })?;
        } else {
            // Not a header: a list cell.
            at += list_cell::BYTES;
        }
    }
    Ok(())
}

/// The bytes of the off-heap binary blocks the processes refer to (`erlang:memory(binary)`),
/// each counted once however many refc binaries share it.
pub(crate) fn offheap_bytes(mem: &[u8], host: &Host) -> Result<u64, TermError> {
    let mut blocks = std::collections::BTreeSet::new();
    for list in host.bits.offheap.values() {
        for &at in list.young.iter().chain(&list.old) {
            blocks.insert(get32(mem, at + refc_binary::DATA)?.wrapping_sub(binary_block::HEADER));
        }
    }
    blocks
        .into_iter()
        .map(|block| {
            let capacity = get_field(mem, block + binary_block::CAPACITY)?;
            Ok(binary_block::HEADER as u64 + capacity as u64)
        })
        .sum()
}

/// After a collection whose from-space was `from` (`major`: young and old heap, else the
/// young heap only): keeps the refc binaries that were copied, at their new address, and
/// drops the others.
pub(crate) fn sweep(
    mem: &mut [u8],
    host: &mut Host,
    context: u32,
    from: &[Block],
    major: bool,
) -> Result<(), TermError> {
    let Some(mut lists) = host.bits.offheap.remove(&context) else {
        return Ok(());
    };
    let dead = sweep_list(mem, &mut lists, from, major)?;
    for data in dead {
        decref(mem, host, data)?;
    }
    host.bits.offheap.insert(context, lists);
    Ok(())
}

/// The list part of `sweep`: returns the data addresses of the dead refc binaries.
fn sweep_list(
    mem: &[u8],
    lists: &mut OffHeapList,
    from: &[Block],
    major: bool,
) -> Result<Vec<u32>, TermError> {
    let mut candidates = std::mem::take(&mut lists.young);
    if major {
        candidates.append(&mut lists.old);
    }
    let mut dead = Vec::new();
    for address in candidates {
        if !from.iter().any(|b| (b.start..b.end).contains(&address)) {
            lists.old.push(address);
            continue;
        }
        match term::shape(get(mem, address)?) {
            Shape::Boxed(moved) => lists.old.push(moved),
            _ => dead.push(get32(mem, address + refc_binary::DATA)?),
        }
    }
    Ok(dead)
}

/// The process at `context` is gone: drops every refc binary it held.
pub(crate) fn release_process(
    mem: &mut [u8],
    host: &mut Host,
    context: u32,
) -> Result<(), TermError> {
    let lists = host.bits.offheap.remove(&context).unwrap_or_default();
    for address in lists.young.into_iter().chain(lists.old) {
        let data = get32(mem, address + refc_binary::DATA)?;
        decref(mem, host, data)?;
    }
    Ok(())
}

// ---- the primitive ----

/// How an operation ended.
enum Done {
    /// A term to return (already written or immediate).
    Term(Term),
    /// A value to write to the heap, then return; `extra` more words must stay free after it.
    Write(Value, u32),
    /// No match: the caller goes to its fail label.
    NoMatch,
}

type Outcome = Result<Done, Raise>;

fn size_arg(heap: Heap<'_>, atoms: &mut AtomTable, t: Term, unit: u32) -> Result<u64, Raise> {
    if let Shape::Small(n) = term::shape(t) {
        if n >= 0 {
            // A 60-bit size times an 8-bit unit may overflow 64 bits: that is past the limit.
            let bits = (n as u64).saturating_mul(unit as u64);
            return if bits <= MAX_BITS {
                Ok(bits)
            } else {
                Err(error_atom(atoms, "system_limit"))
            };
        }
    }
    match heap.integer(t)? {
        Some(n) if n.is_negative() => Err(badarg(atoms)),
        Some(n) => match n.to_u64().and_then(|n| n.checked_mul(unit as u64)) {
            Some(bits) if bits <= MAX_BITS => Ok(bits),
            _ => Err(error_atom(atoms, "system_limit")),
        },
        None => Err(badarg(atoms)),
    }
}

/// `Some(bits)` for a valid match size: a non-negative integer times the unit.
fn match_size(heap: Heap<'_>, t: Term, unit: u32) -> Result<Option<u64>, TermError> {
    if let Shape::Small(n) = term::shape(t) {
        return Ok(u64::try_from(n)
            .ok()
            .and_then(|n| n.checked_mul(unit as u64))
            .filter(|&bits| bits <= MAX_BITS));
    }
    Ok(match heap.integer(t)? {
        Some(n) if !n.is_negative() => n
            .to_u64()
            .and_then(|n| n.checked_mul(unit as u64))
            .filter(|&b| b <= MAX_BITS),
        _ => None,
    })
}

fn little(flags: u32) -> bool {
    // `native` is little-endian here, as on the x86 and ARM hosts OTP runs on.
    flags & (op::FLAG_LITTLE | op::FLAG_NATIVE) != 0
}

/// Appends integer `value` as `n` bits.
fn put_integer(w: &mut BitWriter, value: &BigInt, n: u64, little_endian: bool) {
    if n <= 64 {
        let v = low_u64(value);
        let n = n as u32;
        if little_endian {
            let whole = n / 8;
            for i in 0..whole {
                w.push_uint((v >> (8 * i)) & 0xFF, 8);
            }
            let rest = n % 8;
            if rest != 0 {
                w.push_uint((v >> (8 * whole)) & ((1 << rest) - 1), rest);
            }
        } else {
            w.push_uint(v, n);
        }
        return;
    }
    let bytes = n.div_ceil(8) as usize;
    let fill = if value.is_negative() { 0xFF } else { 0 };
    let mut le = value.to_signed_bytes_le();
    le.resize(bytes, fill);
    if little_endian {
        let whole = (n / 8) as usize;
        w.push_bits(&le, 0, 8 * whole as u64);
        let rest = (n % 8) as u32;
        if rest != 0 {
            w.push_uint(le[whole] as u64 & ((1 << rest) - 1), rest);
        }
    } else {
        let be: Vec<u8> = le.into_iter().rev().collect();
        w.push_bits(&be, 8 * bytes as u64 - n, n);
    }
}

/// The low 64 bits of `value` in two's complement.
fn low_u64(value: &BigInt) -> u64 {
    if let Some(v) = value.to_i64() {
        return v as u64;
    }
    let mut le = value.to_signed_bytes_le();
    le.resize(8, if value.is_negative() { 0xFF } else { 0 });
    u64::from_le_bytes([le[0], le[1], le[2], le[3], le[4], le[5], le[6], le[7]])
}

fn f16_bits(f: f64) -> u16 {
    let x = f as f32;
    let bits = x.to_bits();
    let sign = ((bits >> 16) & 0x8000) as u16;
    let exp = ((bits >> 23) & 0xFF) as i32;
    let mant = bits & 0x7F_FFFF;
    if exp == 0xFF {
        return sign | 0x7C00 | if mant != 0 { 0x200 } else { 0 };
    }
    let e = exp - 127 + 15;
    if e >= 0x1F {
        return sign | 0x7C00;
    }
    if e <= 0 {
        if e < -10 {
            return sign;
        }
        let m = (mant | 0x80_0000) >> (1 - e);
        let round = (m >> 12) & 1;
        return sign | ((m >> 13) + round) as u16;
    }
    let half = sign | ((e as u16) << 10) | (mant >> 13) as u16;
    half + ((mant >> 12) & 1) as u16
}

fn f16_value(h: u16) -> f64 {
    let sign = if h & 0x8000 != 0 { -1.0 } else { 1.0 };
    let exp = ((h >> 10) & 0x1F) as i32;
    let mant = (h & 0x3FF) as f64;
    match exp {
        0 => sign * mant * 2f64.powi(-24),
        0x1F if mant == 0.0 => sign * f64::INFINITY,
        0x1F => f64::NAN,
        _ => sign * (1.0 + mant / 1024.0) * 2f64.powi(exp - 15),
    }
}

fn float_arg(heap: Heap<'_>, t: Term) -> Result<Option<f64>, TermError> {
    if let Some(i) = heap.integer(t)? {
        return Ok(Some(crate::runtime::term::value::integer_to_f64(&i)).filter(|f| f.is_finite()));
    }
    if let Shape::Boxed(address) = term::shape(t) {
        if let Boxed::Float(bits) = heap.boxed(t, address)? {
            return Ok(Some(f64::from_bits(bits)));
        }
    }
    Ok(None)
}

fn code_point(heap: Heap<'_>, t: Term) -> Option<u32> {
    match term::shape(t) {
        Shape::Small(v) if (0..=0x10FFFF).contains(&v) && !(0xD800..=0xDFFF).contains(&v) => {
            let _ = heap;
            Some(v as u32)
        }
        _ => None,
    }
}

fn put_utf(w: &mut BitWriter, kind: u32, c: u32, little_endian: bool) {
    let mut units = |v: u32, n: u32| {
        if little_endian {
            for i in 0..n / 8 {
                w.push_uint(((v >> (8 * i)) & 0xFF) as u64, 8);
            }
        } else {
            w.push_uint(v as u64, n);
        }
    };
    match kind {
        op::PUT_UTF8 => {
            let mut buf = [0u8; 4];
            let s = char::from_u32(c)
                .unwrap_or('\u{FFFD}')
                .encode_utf8(&mut buf);
            for b in s.bytes() {
                w.push_uint(b as u64, 8);
            }
        }
        op::PUT_UTF16 => {
            let mut buf = [0u16; 2];
            for u in char::from_u32(c)
                .unwrap_or('\u{FFFD}')
                .encode_utf16(&mut buf)
            {
                units(*u as u32, 16);
            }
        }
        _ => units(c, 32),
    }
}

/// One segment of a `bs_create_bin`.
fn put_segment(
    heap: Heap<'_>,
    atoms: &mut AtomTable,
    state: &mut State,
    code: u32,
    value: Term,
    size: Term,
) -> Result<(), Raise> {
    let kind = code & op::KIND_MASK;
    let flags = (code >> op::FLAGS_SHIFT) & 0xFF;
    let unit = code >> op::UNIT_SHIFT;
    if flags & op::FLAG_FIRST != 0 {
        state.builder = BitWriter::default();
        state.base = None;
    }
    let w = &mut state.builder;
    match kind {
        op::PUT_INTEGER => {
            let n = size_arg(heap, atoms, size, unit)?;
            if let (Shape::Small(v), true) = (term::shape(value), n <= 64) {
                if little(flags) {
                    put_integer(w, &BigInt::from(v), n, true);
                } else {
                    w.push_uint(v as u64, n as u32);
                }
                if w.bits > MAX_BITS {
                    return Err(error_atom(atoms, "system_limit"));
                }
                return Ok(());
            }
            let v = heap.integer(value)?.ok_or_else(|| badarg(atoms))?;
            put_integer(w, &v, n, little(flags));
        }
        op::PUT_FLOAT => {
            let n = size_arg(heap, atoms, size, unit)?;
            let f = float_arg(heap, value)?.ok_or_else(|| badarg(atoms))?;
            let little_endian = little(flags);
            let (bits, n) = match n {
                64 => (f.to_bits(), 64),
                // Out of range is infinity, as on OTP 25.
                32 => ((f as f32).to_bits() as u64, 32),
                16 => (f16_bits(f) as u64, 16),
                _ => return Err(badarg(atoms)),
            };
            if little_endian {
                for i in 0..n / 8 {
                    w.push_uint((bits >> (8 * i)) & 0xFF, 8);
                }
            } else {
                w.push_uint(bits, n);
            }
        }
        op::PUT_BINARY | op::PUT_APPEND => {
            let v = view(heap, value)?.ok_or_else(|| badarg(atoms))?;
            let n = if size == term::fixed_atom("all") {
                if !v.size.is_multiple_of(unit.max(1) as u64) {
                    return Err(badarg(atoms));
                }
                v.size
            } else {
                let n = size_arg(heap, atoms, size, unit)?;
                if n > v.size {
                    return Err(badarg(atoms));
                }
                n
            };
            if kind == op::PUT_APPEND && w.bits == 0 && state.base.is_none() && n == v.size {
                state.base = Some(value);
                return Ok(());
            }
            let bytes = extract(heap, &v)?;
            w.push_bits(&bytes, 0, n);
        }
        op::PUT_UTF8 | op::PUT_UTF16 | op::PUT_UTF32 => {
            let c = code_point(heap, value).ok_or_else(|| badarg(atoms))?;
            put_utf(w, kind, c, little(flags));
        }
        op::PUT_STRING => {
            let v = view(heap, value)?.ok_or(TermError::Malformed {
                term: value,
                what: "string segment is not a binary literal",
            })?;
            let bytes = extract(heap, &v)?;
            w.push_bits(&bytes, 0, v.size);
        }
        _ => {
            return Err(Raise::from(TermError::Malformed {
                term: kind as Term,
                what: "unknown bs_create_bin segment",
            }))
        }
    }
    if state.builder.bits > MAX_BITS {
        return Err(error_atom(atoms, "system_limit"));
    }
    Ok(())
}

/// `bs_create_bin`'s result: the built bits, after the `append` base if there is one.
///
/// An append to a writable binary (a sub binary covering all of a refc binary in a writable
/// block) writes in place when the block has room: the refc binary grows, and the result is a
/// new sub binary of the new size; the old sub binary still sees its own bits, which never
/// change. Otherwise the result is copied into a new writable block twice its size.
fn finish(machine: &mut dyn Machine, extra: u32) -> Result<Done, Raise> {
    let (base, built) = {
        let state = &mut machine.host_mut().bits;
        (state.base.take(), std::mem::take(&mut state.builder))
    };
    let Some(base) = base else {
        return Ok(Done::Write(built.into_value(), extra));
    };
    let (writable, combined) = {
        let heap = Heap::new(machine.memory());
        let v = view(heap, base)?.ok_or(TermError::Malformed {
            term: base,
            what: "append base is not a bitstring",
        })?;
        let writable = writable_base(heap, base)?.filter(|_| built.bits.is_multiple_of(8));
        let combined = if writable.is_none() {
            let mut w = BitWriter::default();
            w.push_bits(&extract(heap, &v)?, 0, v.size);
            w.push_bits(&built.bytes, 0, built.bits);
            Some(w)
        } else {
            None
        };
        (writable, combined)
    };
    let fault = Raise::Fault;
    if let Some((procbin, data, bytes, capacity)) = writable {
        let add = built.bytes.len() as u64;
        let total = bytes as u64 + add;
        if total * 8 > MAX_BITS {
            return Err(error_atom(&mut machine.host_mut().atoms, "system_limit"));
        }
        if total <= capacity as u64 {
            let mem = machine.memory_mut();
            let at = (data + bytes) as usize;
            mem.get_mut(at..at + add as usize)
                .ok_or(TermError::OutOfBounds { address: at as u32 })?
                .copy_from_slice(&built.bytes);
            let Shape::Boxed(address) = term::shape(procbin) else {
                return Err(Raise::from(TermError::Malformed {
                    term: procbin,
                    what: "writable binary is not boxed",
                }));
            };
            put(mem, address + refc_binary::SIZE, total)?;
            return Ok(Done::Write(
                Value::SubBinary {
                    original: procbin,
                    offset: 0,
                    bits: 8 * total as u32,
                },
                extra,
            ));
        }
        let mut all = Heap::new(machine.memory()).bytes(data, bytes)?.to_vec();
        all.extend_from_slice(&built.bytes);
        let data = new_block(machine, 2 * total, &all, true).map_err(fault)?;
        return Ok(Done::Write(
            Value::OffHeap {
                data,
                bits: 8 * total,
                wrap: true,
            },
            extra,
        ));
    }
    let w = combined.unwrap_or_default();
    if w.bits.is_multiple_of(8) && w.bytes.len() > HEAP_BINARY_MAX {
        // Room to grow: the next append of a loop goes in place.
        let data = new_block(machine, 2 * w.bytes.len() as u64, &w.bytes, true).map_err(fault)?;
        Ok(Done::Write(
            Value::OffHeap {
                data,
                bits: w.bits,
                wrap: true,
            },
            extra,
        ))
    } else {
        Ok(Done::Write(w.into_value(), extra))
    }
}

/// `(refc binary term, data, bytes, capacity)` when `base` is a sub binary covering all of a
/// refc binary in a writable block.
fn writable_base(heap: Heap<'_>, base: Term) -> Result<Option<(Term, u32, u32, u32)>, TermError> {
    let Shape::Boxed(address) = term::shape(base) else {
        return Ok(None);
    };
    if heap.word(address)? != term::header(sub_binary::WORDS, boxed::SUB_BINARY)
        || heap.word(address + sub_binary::OFFSET)? != 0
    {
        return Ok(None);
    }
    let procbin = heap.word(address + sub_binary::ORIGINAL)?;
    let Shape::Boxed(inner) = term::shape(procbin) else {
        return Ok(None);
    };
    if heap.word(inner)? != term::header(refc_binary::WORDS, boxed::REFC_BINARY) {
        return Ok(None);
    }
    let bytes = word32(heap, inner + refc_binary::SIZE)?;
    let data = word32(heap, inner + refc_binary::DATA)?;
    let block = data.wrapping_sub(binary_block::HEADER);
    if heap.word(address + sub_binary::SIZE)? != 8 * bytes as u64
        || get_field(
            heap.bytes(block, binary_block::HEADER)?,
            binary_block::WRITABLE,
        )? == 0
    {
        return Ok(None);
    }
    Ok(Some((
        procbin,
        data,
        bytes,
        get_field(
            heap.bytes(block, binary_block::HEADER)?,
            binary_block::CAPACITY,
        )?,
    )))
}

/// The match state at `ms`: its address, original, position and end.
fn match_state(heap: Heap<'_>, state: Term) -> Result<(u32, Term, u64, u64), TermError> {
    let bad = TermError::Malformed {
        term: state,
        what: "not a match state",
    };
    let Shape::Boxed(address) = term::shape(state) else {
        return Err(bad);
    };
    if term::header_tag(heap.word(address)?) != boxed::MATCH_STATE {
        return Err(bad);
    }
    let (position, end) = (
        heap.word(address + ms::POSITION)?,
        heap.word(address + ms::END)?,
    );
    if position > end {
        return Err(TermError::Malformed {
            term: state,
            what: "match state past its end",
        });
    }
    Ok((address, heap.word(address + ms::ORIGINAL)?, position, end))
}

fn data_of(heap: Heap<'_>, original: Term) -> Result<u32, TermError> {
    match term::shape(original) {
        Shape::Boxed(address) => Ok(whole_binary(heap, address)?
            .ok_or(TermError::Malformed {
                term: original,
                what: "match state over a non-binary",
            })?
            .0),
        _ => Err(TermError::Malformed {
            term: original,
            what: "match state over a non-binary",
        }),
    }
}

fn integer_result(v: BigInt) -> Done {
    match v.to_i64() {
        Some(i) if term::fits_small(i) => Done::Term(term::small(i)),
        _ => Done::Write(Value::Int(v), 0),
    }
}

/// Reads an `n`-bit integer at `pos`.
fn get_integer(
    heap: Heap<'_>,
    data: u32,
    pos: u64,
    n: u64,
    flags: u32,
) -> Result<BigInt, TermError> {
    if n <= 64 {
        return Ok(BigInt::from(get_word_integer(
            heap, data, pos, n as u32, flags,
        )?));
    }
    get_big_integer(heap, data, pos, n, flags)
}

/// Reads an integer of `n <= 64` bits.
fn get_word_integer(
    heap: Heap<'_>,
    data: u32,
    pos: u64,
    n: u32,
    flags: u32,
) -> Result<i128, TermError> {
    let signed = flags & op::FLAG_SIGNED != 0;
    let raw = if little(flags) {
        let whole = n / 8;
        let mut v = 0u64;
        for i in 0..whole {
            v |= read_uint(heap, data, pos + 8 * i as u64, 8)? << (8 * i);
        }
        let rest = n % 8;
        if rest != 0 {
            v |= read_uint(heap, data, pos + 8 * whole as u64, rest)? << (8 * whole);
        }
        v
    } else {
        read_uint(heap, data, pos, n)?
    };
    if signed && n > 0 && raw >> (n - 1) & 1 == 1 {
        let v = if n == 64 {
            raw as i64
        } else {
            (raw as i64) - (1i64 << (n - 1)) * 2
        };
        return Ok(v as i128);
    }
    Ok(raw as i128)
}

fn get_big_integer(
    heap: Heap<'_>,
    data: u32,
    pos: u64,
    n: u64,
    flags: u32,
) -> Result<BigInt, TermError> {
    let signed = flags & op::FLAG_SIGNED != 0;
    let bytes = extract(
        heap,
        &BitsView {
            original: 0,
            data,
            offset: pos,
            size: n,
        },
    )?;
    let magnitude = if little(flags) {
        // Whole bytes first, then the last partial byte's bits as the most significant.
        let whole = (n / 8) as usize;
        let mut le = bytes[..whole].to_vec();
        let rest = (n % 8) as u32;
        if rest != 0 {
            le.push(bytes[whole] >> (8 - rest));
        }
        BigInt::from_bytes_le(Sign::Plus, &le)
    } else {
        let shift = (8 * bytes.len() as u64 - n) as usize;
        BigInt::from_bytes_be(Sign::Plus, &bytes) >> shift
    };
    if signed && (&magnitude >> (n as usize - 1)) == BigInt::from(1) {
        return Ok(magnitude - (BigInt::from(1) << n as usize));
    }
    Ok(magnitude)
}

fn get_utf(
    heap: Heap<'_>,
    data: u32,
    pos: u64,
    end: u64,
    kind: u32,
    flags: u32,
) -> Option<(u32, u64)> {
    let read = |at: u64, n: u32| -> Option<u32> {
        if at + n as u64 > end {
            return None;
        }
        let v = if little(flags) && n > 8 {
            let mut v = 0u32;
            for i in 0..n / 8 {
                v |= (read_uint(heap, data, at + 8 * i as u64, 8).ok()? as u32) << (8 * i);
            }
            v
        } else {
            read_uint(heap, data, at, n).ok()? as u32
        };
        Some(v)
    };
    let valid = |c: u32| c <= 0x10FFFF && !(0xD800..=0xDFFF).contains(&c);
    match kind {
        op::GET_UTF8 => {
            let b0 = read(pos, 8)?;
            let (len, init) = match b0 {
                0..=0x7F => return Some((b0, 8)),
                0xC2..=0xDF => (2, b0 & 0x1F),
                0xE0..=0xEF => (3, b0 & 0x0F),
                0xF0..=0xF4 => (4, b0 & 0x07),
                _ => return None,
            };
            let mut c = init;
            for i in 1..len {
                let b = read(pos + 8 * i as u64, 8)?;
                if b & 0xC0 != 0x80 {
                    return None;
                }
                c = (c << 6) | (b & 0x3F);
            }
            let min = [0, 0, 0x80, 0x800, 0x10000][len];
            (c >= min && valid(c)).then_some((c, 8 * len as u64))
        }
        op::GET_UTF16 => {
            let u = read(pos, 16)?;
            if (0xD800..=0xDBFF).contains(&u) {
                let l = read(pos + 16, 16)?;
                if !(0xDC00..=0xDFFF).contains(&l) {
                    return None;
                }
                Some((0x10000 + ((u - 0xD800) << 10) + (l - 0xDC00), 32))
            } else if (0xDC00..=0xDFFF).contains(&u) {
                None
            } else {
                Some((u, 16))
            }
        }
        _ => {
            let c = read(pos, 32)?;
            valid(c).then_some((c, 32))
        }
    }
}

fn operation(machine: &mut dyn Machine, code: u32, a: Term, b: Term, c: Term) -> Outcome {
    let kind = code & op::KIND_MASK;
    let flags = (code >> op::FLAGS_SHIFT) & 0xFF;
    let unit = code >> op::UNIT_SHIFT;
    match kind {
        op::CREATE_BEGIN => {
            let state = &mut machine.host_mut().bits;
            state.builder = BitWriter::default();
            state.base = None;
            return Ok(Done::Term(term::small(0)));
        }
        // `a` is the number of words to keep free after the result (a count, not a term).
        op::CREATE_FINISH => {
            let extra = u32::try_from(a).map_err(|_| {
                Raise::from(TermError::Malformed {
                    term: a,
                    what: "bs_create_bin's free words do not fit 32 bits",
                })
            })?;
            return finish(machine, extra);
        }
        op::SIZE_ADD => {
            let heap = Heap::new(machine.memory());
            let sum = match (heap.integer(a)?, heap.integer(b)?) {
                (Some(x), Some(y)) if x.sign() != Sign::Minus && y.sign() != Sign::Minus => {
                    x + y * unit
                }
                _ if flags & op::FLAG_QUIET != 0 => return Ok(Done::NoMatch),
                _ => return Err(badarg(&mut machine.host_mut().atoms)),
            };
            return match i64::try_from(&sum).ok().filter(|&v| term::fits_small(v)) {
                Some(v) => Ok(Done::Term(term::small(v))),
                None if flags & op::FLAG_QUIET != 0 => Ok(Done::NoMatch),
                None => Err(error_atom(&mut machine.host_mut().atoms, "system_limit")),
            };
        }
        op::UTF8_SIZE | op::UTF16_SIZE => {
            let bytes = match term::shape(a) {
                Shape::Small(v) if (0..0x80).contains(&v) && kind == op::UTF8_SIZE => 1,
                Shape::Small(v) if (0..0x800).contains(&v) && kind == op::UTF8_SIZE => 2,
                Shape::Small(v) if (0..0x10000).contains(&v) => {
                    if kind == op::UTF8_SIZE {
                        3
                    } else {
                        2
                    }
                }
                _ => 4,
            };
            return Ok(Done::Term(term::small(bytes)));
        }
        op::INIT_WRITABLE => {
            return Ok(Done::Write(
                Value::Bitstring {
                    data: Vec::new(),
                    bits: 0,
                },
                0,
            ))
        }
        _ => {}
    }
    let (mem, host) = machine.split();
    let atoms = &mut host.atoms;
    if (op::PUT_INTEGER..=op::PUT_APPEND).contains(&kind) {
        put_segment(Heap::new(mem), atoms, &mut host.bits, code, a, b)?;
        return Ok(Done::Term(term::small(0)));
    }
    if kind == op::START_MATCH {
        let heap = Heap::new(mem);
        if let Shape::Boxed(address) = term::shape(a) {
            if term::header_tag(heap.word(address)?) == boxed::MATCH_STATE {
                return Ok(Done::Term(a));
            }
        }
        return match view(heap, a)? {
            Some(v) => Ok(Done::Write(
                Value::MatchState {
                    original: v.original,
                    position: v.offset as u32,
                    end: (v.offset + v.size) as u32,
                },
                0,
            )),
            None if flags & op::FLAG_RAISE != 0 => Err(badarg(atoms)),
            None => Ok(Done::NoMatch),
        };
    }
    let heap = Heap::new(mem);
    let (address, original, pos, end) = match_state(heap, a)?;
    let data = data_of(heap, original)?;
    let left = end - pos;
    let all = term::fixed_atom("all");
    // The bits a sized operation takes, or no match.
    let sized = |size: Term| -> Result<Option<u64>, TermError> {
        if size == all {
            return Ok(left.is_multiple_of(unit.max(1) as u64).then_some(left));
        }
        Ok(match_size(heap, size, unit)?.filter(|&n| n <= left))
    };
    // The result, and the new position when the operation moves it.
    let (done, moved): (Done, Option<u64>) = match kind {
        op::GET_INTEGER => match sized(b)? {
            Some(n) if n <= 64 => {
                let v = get_word_integer(heap, data, pos, n as u32, flags)?;
                // Up to 60 bits are a small integer, as on 64-bit OTP.
                let done = if let Some(v) = i64::try_from(v).ok().filter(|&v| term::fits_small(v)) {
                    Done::Term(term::small(v))
                } else {
                    Done::Write(Value::Int(BigInt::from(v)), 0)
                };
                (done, Some(pos + n))
            }
            Some(n) => (
                integer_result(get_integer(heap, data, pos, n, flags)?),
                Some(pos + n),
            ),
            None => (Done::NoMatch, None),
        },
        op::GET_FLOAT => match sized(b)? {
            Some(n @ (16 | 32 | 64)) => {
                let raw = get_integer(heap, data, pos, n, flags & op::FLAG_LITTLE)?
                    .to_u64()
                    .unwrap_or(0);
                let f = match n {
                    64 => f64::from_bits(raw),
                    32 => f32::from_bits(raw as u32) as f64,
                    _ => f16_value(raw as u16),
                };
                if f.is_finite() {
                    (Done::Write(Value::Float(f), 0), Some(pos + n))
                } else {
                    (Done::NoMatch, None)
                }
            }
            _ => (Done::NoMatch, None),
        },
        op::GET_BINARY => match sized(b)? {
            Some(n) => (
                Done::Write(
                    Value::SubBinary {
                        original,
                        offset: pos as u32,
                        bits: n as u32,
                    },
                    0,
                ),
                Some(pos + n),
            ),
            None => (Done::NoMatch, None),
        },
        op::SKIP_BITS => match sized(b)? {
            Some(n) => (Done::Term(term::small(0)), Some(pos + n)),
            None => (Done::NoMatch, None),
        },
        op::TEST_TAIL => match match_size(heap, b, 1)? {
            Some(n) if n == left => (Done::Term(term::small(0)), None),
            _ => (Done::NoMatch, None),
        },
        op::ENSURE_EXACTLY => match match_size(heap, b, 1)? {
            Some(n) if n == left => (Done::Term(term::small(0)), None),
            _ => (Done::NoMatch, None),
        },
        op::ENSURE_AT_LEAST => match match_size(heap, b, 1)? {
            Some(n) if n <= left && (left - n).is_multiple_of(unit.max(1) as u64) => {
                (Done::Term(term::small(0)), None)
            }
            _ => (Done::NoMatch, None),
        },
        op::TEST_UNIT => {
            if left.is_multiple_of(unit.max(1) as u64) {
                (Done::Term(term::small(0)), None)
            } else {
                (Done::NoMatch, None)
            }
        }
        op::MATCH_STRING => {
            let want = view(heap, b)?.ok_or(TermError::Malformed {
                term: b,
                what: "match string is not a binary literal",
            })?;
            let n = match term::shape(c) {
                Shape::Small(n) if n >= 0 => n as u64,
                _ => {
                    return Err(Raise::from(TermError::Malformed {
                        term: c,
                        what: "bad match string size",
                    }))
                }
            };
            if n > left || n > want.size {
                (Done::NoMatch, None)
            } else {
                let here = extract(
                    heap,
                    &BitsView {
                        original,
                        data,
                        offset: pos,
                        size: n,
                    },
                )?;
                let expected = extract(heap, &BitsView { size: n, ..want })?;
                if here == expected {
                    (Done::Term(term::small(0)), Some(pos + n))
                } else {
                    (Done::NoMatch, None)
                }
            }
        }
        op::GET_TAIL => (
            Done::Write(
                Value::SubBinary {
                    original,
                    offset: pos as u32,
                    bits: left as u32,
                },
                0,
            ),
            None,
        ),
        op::GET_POSITION => (integer_result(BigInt::from(pos)), None),
        op::SET_POSITION => match heap.integer(b)?.and_then(|p| p.to_u32()) {
            Some(p) => (Done::Term(term::small(0)), Some(p as u64)),
            None => {
                return Err(Raise::from(TermError::Malformed {
                    term: b,
                    what: "bs_set_position to a bad position",
                }))
            }
        },
        op::GET_UTF8 | op::GET_UTF16 | op::GET_UTF32 => {
            match get_utf(heap, data, pos, end, kind, flags) {
                Some((cp, n)) => (Done::Term(term::small(cp as i64)), Some(pos + n)),
                None => (Done::NoMatch, None),
            }
        }
        _ => {
            return Err(Raise::from(TermError::Malformed {
                term: code as Term,
                what: "unknown bits_op",
            }))
        }
    };
    if let Some(p) = moved {
        put(mem, address + ms::POSITION, p)?;
    }
    Ok(done)
}

/// Writes `value` with `extra` more words free afterwards.
fn write_reserving(
    machine: &mut dyn Machine,
    context: u32,
    live: u32,
    mut value: Value,
    extra: u32,
) -> Result<Term, Fault> {
    if extra > 0 {
        let need = value.words() + extra as u64 + 8;
        let free = Layout::read(machine.memory(), context)?.young_free() as u64;
        if free < WORD_BYTES as u64 * need {
            let mut roots = Vec::new();
            value.terms(&mut roots);
            let need = u32::try_from(need).map_err(|_| Limit::TermTooLarge)?;
            heap_alloc::collect(machine, context, need, live, &mut roots)?;
            value.replace_terms(&mut roots.into_iter());
        }
    }
    heap_alloc::write_value(machine, context, live, value)
}

/// The `bits_op` primitive (`docs/abi.md` §6): `op` selects the operation. Returns the
/// result term; `NON_VALUE` for no match (match operations) or after raising.
pub(crate) fn primitive(
    machine: &mut dyn Machine,
    context: u32,
    code: u32,
    live: u32,
    a: Term,
    b: Term,
    c: Term,
) -> Term {
    match operation(machine, code, a, b, c) {
        Ok(Done::Term(t)) => t,
        Ok(Done::NoMatch) => NON_VALUE,
        Ok(Done::Write(value, extra)) => {
            match write_reserving(machine, context, live, value, extra) {
                Ok(t) => t,
                Err(fault) => {
                    machine.host_mut().fault = Some(fault);
                    NON_VALUE
                }
            }
        }
        Err(Raise::Exception { class, reason }) => {
            // A failed construction leaves no half-built state behind.
            let state = &mut machine.host_mut().bits;
            state.base = None;
            state.builder = BitWriter::default();
            exception::raise(machine, context, live, class, reason)
        }
        Err(Raise::Fault(e)) => {
            machine.host_mut().fault = Some(e.during(format!("bits_op {code:#x}")));
            NON_VALUE
        }
        Err(Raise::Recorded) => NON_VALUE,
    }
}

// ---- BIFs ----

/// Flattens an iolist (or, with `bits`, a bitstring list) into `out`; `None` if it is not one.
fn flatten(
    heap: Heap<'_>,
    t: Term,
    bits: bool,
    out: &mut BitWriter,
) -> Result<Option<()>, TermError> {
    let mut stack = vec![t];
    while let Some(t) = stack.pop() {
        match term::shape(t) {
            Shape::Nil => {}
            Shape::Cons(cell) => {
                let (head, tail) = heap.cons(cell)?;
                stack.push(tail);
                match term::shape(head) {
                    Shape::Small(v) if (0..=255).contains(&v) => {
                        if stack.len() == 1 && out.bits.is_multiple_of(8) {
                            out.bytes.push(v as u8);
                            out.bits += 8;
                        } else {
                            out.push_uint(v as u64, 8);
                        }
                    }
                    Shape::Cons(_) | Shape::Nil => stack.push(head),
                    _ => match view(heap, head)? {
                        Some(v) if bits || v.size.is_multiple_of(8) => {
                            out.push_bits(&extract(heap, &v)?, 0, v.size)
                        }
                        _ => return Ok(None),
                    },
                }
            }
            _ => match view(heap, t)? {
                // A binary tail (improper iolist), or the whole argument of iolist_to_binary.
                Some(v) if bits || v.size.is_multiple_of(8) => {
                    out.push_bits(&extract(heap, &v)?, 0, v.size)
                }
                _ => return Ok(None),
            },
        }
    }
    Ok(Some(()))
}

/// The bytes of iodata `t` (an iolist or a binary); `None` if it is not iodata.
pub(crate) fn iodata_bytes(heap: Heap<'_>, t: Term) -> Result<Option<Vec<u8>>, TermError> {
    let mut out = BitWriter::default();
    Ok(flatten(heap, t, false, &mut out)?.map(|()| out.bytes))
}

/// The bytes of binary `t`; `None` if it is not a binary (a bitstring of whole bytes).
pub(crate) fn binary_bytes(heap: Heap<'_>, t: Term) -> Result<Option<Vec<u8>>, TermError> {
    match view(heap, t)? {
        Some(v) if v.size.is_multiple_of(8) => Ok(Some(extract(heap, &v)?)),
        _ => Ok(None),
    }
}

pub(super) fn bytes_value(data: Vec<u8>) -> Value {
    let bits = 8 * data.len() as u64;
    Value::Bitstring { data, bits }
}

fn small_int(t: Term) -> Option<i64> {
    match term::shape(t) {
        Shape::Small(v) => Some(v),
        _ => None,
    }
}

fn parse_integer(text: &[u8], base: u32) -> Option<BigInt> {
    let (negative, digits) = match text.first() {
        Some(b'-') => (true, &text[1..]),
        Some(b'+') => (false, &text[1..]),
        _ => (false, text),
    };
    if digits.is_empty() || !digits.iter().all(|d| (*d as char).is_digit(base)) {
        return None;
    }
    let magnitude = BigInt::parse_bytes(digits, base)?;
    Some(if negative { -magnitude } else { magnitude })
}

fn encoding(atoms: &AtomTable, t: Term) -> Option<bool> {
    // Some(true) for utf8/unicode, Some(false) for latin1.
    let Shape::Atom(index) = term::shape(t) else {
        return None;
    };
    match atoms.name(index)? {
        "utf8" | "unicode" => Some(true),
        "latin1" => Some(false),
        _ => None,
    }
}

/// `term_to_binary/2`'s options: `compressed`, `{compressed, 0..9}`, `{minor_version, 0..2}`,
/// `deterministic` (maps are always written in one order here); `None`: badarg.
fn term_to_binary_options(
    heap: Heap<'_>,
    atoms: &AtomTable,
    list: Term,
) -> Result<Option<etf::Options>, TermError> {
    let Some(items) = heap.proper_list(list)? else {
        return Ok(None);
    };
    let mut options = etf::Options::default();
    for item in items {
        let name = |t: Term| match term::shape(t) {
            Shape::Atom(index) => atoms.name(index),
            _ => None,
        };
        match (name(item), tuple2(heap, item)?) {
            (Some("compressed"), _) => options.compression = 6,
            (Some("deterministic"), _) => {}
            (_, Some((key, value))) => match (name(key), small_int(value)) {
                (Some("compressed"), Some(level @ 0..=9)) => options.compression = level as u8,
                (Some("minor_version"), Some(minor @ 0..=2)) => options.minor_version = minor as u8,
                _ => return Ok(None),
            },
            _ => return Ok(None),
        }
    }
    Ok(Some(options))
}

/// `binary_to_term/2`'s options: `(safe, used)`; `None`: badarg.
fn binary_to_term_options(
    heap: Heap<'_>,
    atoms: &AtomTable,
    list: Term,
) -> Result<Option<(bool, bool)>, TermError> {
    let Some(items) = heap.proper_list(list)? else {
        return Ok(None);
    };
    let (mut safe, mut used) = (false, false);
    for item in items {
        match term::shape(item) {
            Shape::Atom(index) => match atoms.name(index) {
                Some("safe") => safe = true,
                Some("used") => used = true,
                _ => return Ok(None),
            },
            _ => return Ok(None),
        }
    }
    Ok(Some((safe, used)))
}

/// The binary BIFs (`bifs::erlang::call` hands them here).
/// `term_to_binary/1,2`, `external_size/1,2` and `term_to_iovec/1,2`, with the MD5s of
/// loaded modules for local funs (the BIF's own dispatch has them; `eval`'s other callers do
/// not).
pub(crate) fn term_to_binary(
    bif: BinaryBif,
    heap: Heap<'_>,
    atoms: &mut AtomTable,
    args: &[Term],
    module_md5: etf::ModuleMd5<'_>,
) -> Result<Value, Raise> {
    let options = match (bif, args.get(1)) {
        (BinaryBif::ExternalSize2, Some(&options)) => external_size_options(heap, atoms, options)?,
        (_, Some(&options)) => term_to_binary_options(heap, atoms, options)?,
        (_, None) => Some(etf::Options::default()),
    };
    let Some(options) = options else {
        return Err(badarg(atoms));
    };
    let root = args[0];
    match bif {
        // The exact size (OTP answers an upper bound for local funs).
        BinaryBif::ExternalSize1 | BinaryBif::ExternalSize2 => {
            let size = etf::term_to_binary_with(heap, atoms, root, options, module_md5)?.len();
            Ok(Value::Int(size.into()))
        }
        // Compressed, OTP hands back the one binary, not a list.
        BinaryBif::TermToIovec1 | BinaryBif::TermToIovec2 if options.compression == 0 => {
            let pieces = etf::term_to_iovec_with(heap, atoms, root, options, module_md5)?;
            Ok(Value::proper_list(
                pieces.into_iter().map(bytes_value).collect(),
            ))
        }
        _ => Ok(bytes_value(etf::term_to_binary_with(
            heap, atoms, root, options, module_md5,
        )?)),
    }
}

/// `external_size/2`'s options: only `{minor_version, 0 | 1}`; `None`: badarg.
fn external_size_options(
    heap: Heap<'_>,
    atoms: &AtomTable,
    list: Term,
) -> Result<Option<etf::Options>, TermError> {
    let Some(items) = heap.proper_list(list)? else {
        return Ok(None);
    };
    let mut options = etf::Options::default();
    for item in items {
        let Some((key, value)) = tuple2(heap, item)? else {
            return Ok(None);
        };
        let key_name = match term::shape(key) {
            Shape::Atom(index) => atoms.name(index),
            _ => None,
        };
        match (key_name, small_int(value)) {
            (Some("minor_version"), Some(minor @ 0..=1)) => options.minor_version = minor as u8,
            _ => return Ok(None),
        }
    }
    Ok(Some(options))
}

/// `binary_to_term/1,2`, with the loaded code for local funs (the BIF's own dispatch has it;
/// `eval`'s other callers do not).
pub(crate) fn binary_to_term(
    bif: BinaryBif,
    heap: Heap<'_>,
    atoms: &mut AtomTable,
    args: &[Term],
    fun_entry: etf::FunEntry<'_>,
) -> Result<Value, Raise> {
    let (safe, used) = match args.get(1) {
        Some(&options) => match binary_to_term_options(heap, atoms, options)? {
            Some(flags) => flags,
            None => return Err(badarg(atoms)),
        },
        None if bif == BinaryBif::BinaryToTerm1 => (false, false),
        None => return Err(badarg(atoms)),
    };
    let Some(bytes) = binary_bytes(heap, args[0])? else {
        return Err(badarg(atoms));
    };
    match etf::binary_to_term_with(atoms, &bytes, safe, used, fun_entry)? {
        Some(value) => Ok(value),
        None => Err(badarg(atoms)),
    }
}

pub(crate) fn eval(
    bif: BinaryBif,
    heap: Heap<'_>,
    atoms: &mut AtomTable,
    args: &[Term],
) -> Result<Value, Raise> {
    let arg = |i: usize| args.get(i).copied().unwrap_or(term::NIL);
    let (a, b, c) = (arg(0), arg(1), arg(2));
    match bif {
        BinaryBif::ByteSize | BinaryBif::BitSize => match view(heap, a)? {
            Some(v) => Ok(Value::Int(BigInt::from(if bif == BinaryBif::ByteSize {
                v.size.div_ceil(8)
            } else {
                v.size
            }))),
            None => Err(badarg(atoms)),
        },
        BinaryBif::BinaryPart2 | BinaryBif::BinaryPart3 => {
            let (start, length) = if bif == BinaryBif::BinaryPart3 {
                (small_int(b), small_int(c))
            } else {
                match tuple2(heap, b)? {
                    Some((x, y)) => (small_int(x), small_int(y)),
                    None => (None, None),
                }
            };
            let (Some(v), Some(start), Some(length)) = (view(heap, a)?, start, length) else {
                return Err(badarg(atoms));
            };
            if !v.size.is_multiple_of(8) {
                return Err(badarg(atoms));
            }
            let size = (v.size / 8) as i64;
            let (from, to) = if length >= 0 {
                (start, start + length)
            } else {
                (start + length, start)
            };
            if from < 0 || to > size || start < 0 || start > size {
                return Err(badarg(atoms));
            }
            Ok(Value::SubBinary {
                original: v.original,
                offset: (v.offset + 8 * from as u64) as u32,
                bits: (8 * (to - from)) as u32,
            })
        }
        BinaryBif::SplitBinary => {
            let (Some(v), Some(at)) = (view(heap, a)?, small_int(b)) else {
                return Err(badarg(atoms));
            };
            if !v.size.is_multiple_of(8) || at < 0 || at as u64 > v.size / 8 {
                return Err(badarg(atoms));
            }
            let at = 8 * at as u64;
            Ok(Value::Tuple(vec![
                Value::SubBinary {
                    original: v.original,
                    offset: v.offset as u32,
                    bits: at as u32,
                },
                Value::SubBinary {
                    original: v.original,
                    offset: (v.offset + at) as u32,
                    bits: (v.size - at) as u32,
                },
            ]))
        }
        BinaryBif::ListToBinary
        | BinaryBif::IolistToBinary
        | BinaryBif::ListToBitstring
        | BinaryBif::IolistSize => {
            let is_list = matches!(term::shape(a), Shape::Cons(_) | Shape::Nil);
            if !is_list && (bif == BinaryBif::ListToBinary || bif == BinaryBif::ListToBitstring) {
                return Err(badarg(atoms));
            }
            let mut w = BitWriter::default();
            if flatten(heap, a, bif == BinaryBif::ListToBitstring, &mut w)?.is_none() {
                return Err(badarg(atoms));
            }
            if bif == BinaryBif::IolistSize {
                return Ok(Value::Int(BigInt::from(w.bits / 8)));
            }
            Ok(w.into_value())
        }
        BinaryBif::BinaryToList1 | BinaryBif::BinaryToList3 => {
            let Some(bytes) = binary_bytes(heap, a)? else {
                return Err(badarg(atoms));
            };
            let slice = if bif == BinaryBif::BinaryToList3 {
                match (small_int(b), small_int(c)) {
                    (Some(s), Some(e)) if 1 <= s && s <= e && e as usize <= bytes.len() => {
                        &bytes[s as usize - 1..e as usize]
                    }
                    _ => return Err(badarg(atoms)),
                }
            } else {
                &bytes[..]
            };
            Ok(Value::proper_list(
                slice.iter().map(|&x| Value::small(x as i64)).collect(),
            ))
        }
        BinaryBif::BitstringToList => {
            let Some(v) = view(heap, a)? else {
                return Err(badarg(atoms));
            };
            let bytes = extract(heap, &v)?;
            let whole = (v.size / 8) as usize;
            let mut elements: Vec<Value> = bytes[..whole]
                .iter()
                .map(|&x| Value::small(x as i64))
                .collect();
            if !v.size.is_multiple_of(8) {
                elements.push(Value::Bitstring {
                    data: vec![bytes[whole]],
                    bits: v.size % 8,
                });
            }
            Ok(Value::proper_list(elements))
        }
        BinaryBif::AtomToBinary1 | BinaryBif::AtomToBinary2 => {
            let utf8 = if bif == BinaryBif::AtomToBinary2 {
                encoding(atoms, b).ok_or_else(|| badarg(atoms))?
            } else {
                true
            };
            let Shape::Atom(index) = term::shape(a) else {
                return Err(badarg(atoms));
            };
            let name = atoms.name(index).ok_or(TermError::Malformed {
                term: a,
                what: "atom index not in the atom table",
            })?;
            let data = if utf8 {
                name.as_bytes().to_vec()
            } else {
                let mut out = Vec::new();
                for ch in name.chars() {
                    if ch as u32 > 255 {
                        return Err(badarg(atoms));
                    }
                    out.push(ch as u32 as u8);
                }
                out
            };
            Ok(bytes_value(data))
        }
        BinaryBif::BinaryToAtom1
        | BinaryBif::BinaryToAtom2
        | BinaryBif::BinaryToExistingAtom1
        | BinaryBif::BinaryToExistingAtom2 => {
            let utf8 = if matches!(
                bif,
                BinaryBif::BinaryToAtom2 | BinaryBif::BinaryToExistingAtom2
            ) {
                encoding(atoms, b).ok_or_else(|| badarg(atoms))?
            } else {
                true
            };
            let Some(bytes) = binary_bytes(heap, a)? else {
                return Err(badarg(atoms));
            };
            let name: String = if utf8 {
                match String::from_utf8(bytes) {
                    Ok(s) => s,
                    Err(_) => return Err(badarg(atoms)),
                }
            } else {
                bytes.iter().map(|&x| x as char).collect()
            };
            if name.chars().count() > 255 {
                return Err(error_atom(atoms, "system_limit"));
            }
            if matches!(
                bif,
                BinaryBif::BinaryToExistingAtom1 | BinaryBif::BinaryToExistingAtom2
            ) {
                return match atoms.lookup(&name) {
                    Some(index) => Ok(Value::atom(index)),
                    None => Err(badarg(atoms)),
                };
            }
            Ok(Value::atom(atoms.intern(&name)))
        }
        BinaryBif::IntegerToBinary1 | BinaryBif::IntegerToBinary2 => {
            let base = if bif == BinaryBif::IntegerToBinary2 {
                small_int(b).filter(|b| (2..=36).contains(b))
            } else {
                Some(10)
            };
            match (heap.integer(a)?, base) {
                (Some(i), Some(base)) => Ok(bytes_value(
                    i.to_str_radix(base as u32).to_uppercase().into_bytes(),
                )),
                _ => Err(badarg(atoms)),
            }
        }
        BinaryBif::BinaryToInteger1 | BinaryBif::BinaryToInteger2 => {
            let base = if bif == BinaryBif::BinaryToInteger2 {
                small_int(b).filter(|b| (2..=36).contains(b))
            } else {
                Some(10)
            };
            let parsed = match (binary_bytes(heap, a)?, base) {
                (Some(text), Some(base)) => parse_integer(&text, base as u32),
                _ => None,
            };
            match parsed {
                Some(i) if i.bits() <= 1 << 24 => Ok(Value::Int(i)),
                Some(_) => Err(error_atom(atoms, "system_limit")),
                None => Err(badarg(atoms)),
            }
        }
        BinaryBif::TermToBinary1
        | BinaryBif::TermToBinary2
        | BinaryBif::ExternalSize1
        | BinaryBif::ExternalSize2
        | BinaryBif::TermToIovec1
        | BinaryBif::TermToIovec2 => term_to_binary(bif, heap, atoms, args, &etf::no_module_md5),
        BinaryBif::DecodePacket3 => super::packet::decode_packet(heap, atoms, args),
        BinaryBif::BinaryToTerm1 | BinaryBif::BinaryToTerm2 => {
            binary_to_term(bif, heap, atoms, args, &etf::no_fun_entry)
        }
        // An iovec of one binary (OTP may split large data into several; the bytes agree).
        BinaryBif::IolistToIovec1 => match iodata_bytes(heap, a)? {
            Some(bytes) if bytes.is_empty() => Ok(Value::Term(term::NIL)),
            Some(bytes) => Ok(Value::proper_list(vec![bytes_value(bytes)])),
            None => Err(badarg(atoms)),
        },
        BinaryBif::Crc32 | BinaryBif::Crc32Combine => {
            let (start, data) = if bif == BinaryBif::Crc32 {
                (Some(0), a)
            } else {
                (heap.integer(a)?.and_then(|c| c.to_u32()), b)
            };
            let mut w = BitWriter::default();
            match (start, flatten(heap, data, false, &mut w)?) {
                (Some(start), Some(())) => Ok(Value::Int(BigInt::from(crc32(start, &w.bytes)))),
                _ => Err(badarg(atoms)),
            }
        }
    }
}

/// zlib's `crc32(crc, data)`: CRC-32 (IEEE 802.3, reflected), continuing from `crc`.
fn crc32(crc: u32, data: &[u8]) -> u32 {
    let mut c = !crc;
    for &byte in data {
        c ^= byte as u32;
        for _ in 0..8 {
            c = if c & 1 != 0 {
                (c >> 1) ^ 0xEDB8_8320
            } else {
                c >> 1
            };
        }
    }
    !c
}

fn tuple2(heap: Heap<'_>, t: Term) -> Result<Option<(Term, Term)>, TermError> {
    if let Shape::Boxed(address) = term::shape(t) {
        if let Boxed::Tuple { arity: 2, elements } = heap.boxed(t, address)? {
            return Ok(Some((
                heap.word(elements)?,
                heap.word(elements + term::word(1))?,
            )));
        }
    }
    Ok(None)
}

/// Total order of two bitstrings: bit by bit, a prefix first.
pub fn compare_bits(
    heap: Heap<'_>,
    a: &BitsView,
    b: &BitsView,
) -> Result<std::cmp::Ordering, TermError> {
    let x = extract(heap, a)?;
    let y = extract(heap, b)?;
    let common = a.size.min(b.size);
    let whole = (common / 8) as usize;
    let order = x[..whole].cmp(&y[..whole]);
    if order != std::cmp::Ordering::Equal {
        return Ok(order);
    }
    let rest = (common % 8) as u32;
    if rest != 0 {
        let mask = 0xFFu8 << (8 - rest);
        let order = (x[whole] & mask).cmp(&(y[whole] & mask));
        if order != std::cmp::Ordering::Equal {
            return Ok(order);
        }
    }
    Ok(a.size.cmp(&b.size))
}

/// `~w` text of a bitstring: `<<1,2,3>>`, `<<1,2:3>>`.
pub fn write_bits(heap: Heap<'_>, v: &BitsView, out: &mut Vec<u8>) -> Result<(), TermError> {
    let bytes = extract(heap, v)?;
    let whole = (v.size / 8) as usize;
    out.extend_from_slice(b"<<");
    for (i, b) in bytes[..whole].iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        out.extend_from_slice(b.to_string().as_bytes());
    }
    let rest = (v.size % 8) as u32;
    if rest != 0 {
        if whole > 0 {
            out.push(b',');
        }
        let value = bytes[whole] >> (8 - rest);
        out.extend_from_slice(format!("{value}:{rest}").as_bytes());
    }
    out.extend_from_slice(b">>");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runtime::term::heap::HeapWriter;

    fn bits_of(w: &BitWriter) -> String {
        (0..w.bits)
            .map(|i| {
                if w.bytes[(i / 8) as usize] >> (7 - i % 8) & 1 == 1 {
                    '1'
                } else {
                    '0'
                }
            })
            .collect()
    }

    #[test]
    fn writer_packs_bits_msb_first() {
        let mut w = BitWriter::default();
        w.push_uint(0b101, 3);
        w.push_uint(0xFF, 8);
        w.push_uint(0, 2);
        assert_eq!(bits_of(&w), "1011111111100");
        assert_eq!(w.bytes, vec![0b1011_1111, 0b1110_0000]);
        let mut v = BitWriter::default();
        v.push_bits(&w.bytes, 1, 12);
        assert_eq!(bits_of(&v), "011111111100");
    }

    #[test]
    fn integers_round_trip_through_memory() {
        let cases: &[(i64, u64, u32)] = &[
            (0xABC, 12, op::FLAG_LITTLE),
            (-2, 12, op::FLAG_LITTLE | op::FLAG_SIGNED),
            (-5, 7, op::FLAG_SIGNED),
            (1234567, 24, 0),
            (-1, 64, op::FLAG_SIGNED),
        ];
        for &(value, n, flags) in cases {
            let mut w = BitWriter::default();
            w.push_uint(1, 3); // misalign
            put_integer(&mut w, &BigInt::from(value), n, little(flags));
            let mut mem = vec![0u8; 256];
            mem[64..64 + w.bytes.len()].copy_from_slice(&w.bytes);
            let got = get_integer(Heap::new(&mem), 64, 3, n, flags).unwrap();
            assert_eq!(got, BigInt::from(value), "{value} {n} {flags}");
        }
        // Bignums, both byte orders.
        let big: BigInt = -(BigInt::from(1) << 90usize) + 12345;
        for flags in [op::FLAG_SIGNED, op::FLAG_SIGNED | op::FLAG_LITTLE] {
            let mut w = BitWriter::default();
            put_integer(&mut w, &big, 100, little(flags));
            let mut mem = vec![0u8; 256];
            mem[64..64 + w.bytes.len()].copy_from_slice(&w.bytes);
            assert_eq!(
                get_integer(Heap::new(&mem), 64, 0, 100, flags).unwrap(),
                big
            );
        }
        // <<16#ABC:12/little>> is <<188,10:4>> on OTP 25.
        let mut w = BitWriter::default();
        put_integer(&mut w, &BigInt::from(0xABC), 12, true);
        assert_eq!(w.bytes, vec![188, 0xA0]);
    }

    #[test]
    fn views_extract_and_print_sub_binaries() {
        let mut memory = vec![0u8; 1024];
        let mut w = HeapWriter::new(&mut memory, 64, 1024);
        let bin = w.binary(&[1, 2, 0xFF]).unwrap();
        let sub = w.sub_binary(bin, 4, 11).unwrap();
        let heap = w.heap();
        let v = view(heap, sub).unwrap().unwrap();
        assert_eq!(extract(heap, &v).unwrap(), vec![0x10, 0x20]);
        let mut out = Vec::new();
        write_bits(heap, &v, &mut out).unwrap();
        assert_eq!(out, b"<<16,1:3>>");
        let whole = view(heap, bin).unwrap().unwrap();
        assert_eq!(
            compare_bits(heap, &v, &whole).unwrap(),
            std::cmp::Ordering::Greater
        );
        assert!(view(heap, term::NIL).unwrap().is_none());
    }

    #[test]
    fn the_sweep_keeps_copied_refc_binaries_and_drops_the_rest() {
        let mut mem = vec![0u8; 0x4000];
        let young = Block {
            start: 0x1000,
            end: 0x2000,
        };
        let (live, dead, old) = {
            let mut w = HeapWriter::new(&mut mem, young.start, young.end);
            let live = term::address(w.refc_binary(0x3010, 100).unwrap());
            let dead = term::address(w.refc_binary(0x3110, 100).unwrap());
            (live, dead, 0x2800)
        };
        // The collector copied `live` to 0x2400 and left a forwarding pointer.
        put(&mut mem, live, term::boxed(0x2400)).unwrap();
        let mut lists = OffHeapList {
            young: vec![live, dead],
            old: vec![old],
        };
        let gone = sweep_list(&mem, &mut lists, &[young], false).unwrap();
        assert_eq!(gone, vec![0x3110]);
        assert!(lists.young.is_empty());
        assert_eq!(lists.old, vec![old, 0x2400]);
        // A major collection that copied nothing drops everything.
        let whole = Block {
            start: 0x2000,
            end: 0x3000,
        };
        let refc_header = term::header(refc_binary::WORDS, boxed::REFC_BINARY);
        put(&mut mem, 0x2400, refc_header).unwrap();
        put(&mut mem, 0x2400 + refc_binary::DATA, 0x3010).unwrap();
        put(&mut mem, old, refc_header).unwrap();
        put(&mut mem, old + refc_binary::DATA, 0x3210).unwrap();
        let gone = sweep_list(&mem, &mut lists, &[whole], true).unwrap();
        assert_eq!(gone, vec![0x3210, 0x3010]);
        assert!(lists.old.is_empty());
    }

    #[test]
    fn iolists_flatten_and_bitstrings_order() {
        let mut memory = vec![0u8; 4096];
        let mut w = HeapWriter::new(&mut memory, 64, 4096);
        let bin = w.binary(b"cd").unwrap();
        let inner = w.list(&[term::small(98)], term::NIL).unwrap();
        let list = w.list(&[term::small(97), inner], bin).unwrap();
        let bits = w.binary(&[0xF0]).unwrap();
        let bits = w.sub_binary(bits, 0, 4).unwrap();
        let with_bits = w.list(&[term::small(1), bits], term::NIL).unwrap();
        let heap = w.heap();
        let mut out = BitWriter::default();
        assert!(flatten(heap, list, false, &mut out).unwrap().is_some());
        assert_eq!(out.bytes, b"abcd");
        let mut out = BitWriter::default();
        assert!(flatten(heap, with_bits, false, &mut out).unwrap().is_none());
        let mut out = BitWriter::default();
        assert!(flatten(heap, with_bits, true, &mut out).unwrap().is_some());
        assert_eq!((out.bytes.clone(), out.bits), (vec![1, 0xF0], 12));
        let mut none = BitWriter::default();
        assert!(flatten(heap, term::small(3), false, &mut none)
            .unwrap()
            .is_none());
    }

    #[test]
    fn utf_decoding_rejects_what_otp_rejects() {
        type Case = (&'static [u8], u32, Option<(u32, u64)>);
        let cases: &[Case] = &[
            (b"\xc3\xa9", op::GET_UTF8, Some((0xE9, 16))),
            (&[0xC0, 0x80], op::GET_UTF8, None),
            (&[0xED, 0xA0, 0x80], op::GET_UTF8, None),
            (&[0xF4, 0x90, 0x80, 0x80], op::GET_UTF8, None),
            (
                &[0xD8, 0x3D, 0xDE, 0x00],
                op::GET_UTF16,
                Some((0x1F600, 32)),
            ),
            (&[0xDC, 0x00], op::GET_UTF16, None),
            (&[0, 0x11, 0, 0], op::GET_UTF32, None),
            (&[0, 0x10, 0xFF, 0xFF], op::GET_UTF32, Some((0x10FFFF, 32))),
        ];
        for &(bytes, kind, expected) in cases {
            let mut mem = vec![0u8; 128];
            mem[64..64 + bytes.len()].copy_from_slice(bytes);
            let end = 8 * bytes.len() as u64;
            assert_eq!(
                get_utf(Heap::new(&mem), 64, 0, end, kind, 0),
                expected,
                "{bytes:?}"
            );
        }
    }

    #[test]
    fn half_floats_match_otp() {
        assert_eq!(f16_bits(1.5), 0x3E00);
        assert_eq!(f16_value(0x3E00), 1.5);
        assert_eq!(f16_value(f16_bits(-0.25)), -0.25);
    }

    #[test]
    fn external_format_matches_otp_25() {
        let mut memory = vec![0u8; 4096];
        let mut atoms = AtomTable::new();
        let a = term::atom(atoms.intern("a"));
        let mut w = HeapWriter::new(&mut memory, 64, 4096);
        let bin = w.binary(&[1, 2]).unwrap();
        let bits = w.binary(&[0x20]).unwrap();
        let bits = w.sub_binary(bits, 0, 3).unwrap();
        let string = w
            .list(&[term::small(97), term::small(98)], term::NIL)
            .unwrap();
        let t = w
            .tuple(&[a, term::small(300), term::small(-5), string, bin, bits])
            .unwrap();
        let out = etf::term_to_binary_with(
            w.heap(),
            &atoms,
            t,
            etf::Options::default(),
            &etf::no_module_md5,
        )
        .unwrap();
        assert_eq!(
            out,
            vec![
                131, 104, 6, 100, 0, 1, 97, 98, 0, 0, 1, 44, 98, 255, 255, 255, 251, 107, 0, 2, 97,
                98, 109, 0, 0, 0, 2, 1, 2, 77, 0, 0, 0, 1, 3, 32
            ]
        );
        let value = etf::binary_to_term_with(&mut atoms, &out, false, false, &etf::no_fun_entry)
            .unwrap()
            .unwrap();
        assert!(matches!(value, Value::Tuple(ref e) if e.len() == 6));
    }
}
