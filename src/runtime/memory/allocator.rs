//! Bookkeeping of the linear memory: which byte ranges hold process blocks, contexts, module
//! data and literals. The bytes themselves live in the engine's linear memory; this only decides
//! addresses. Low memory (below `RESERVED_LOW`) is never handed out, so a null or small pointer
//! is never a valid term.

use std::collections::BTreeMap;

use thiserror::Error;

pub const WASM_PAGE: u32 = 65536;
pub const RESERVED_LOW: u32 = WASM_PAGE;
/// Every range handed out is word aligned (terms are 8-byte words, loaded 8-aligned).
const ALIGN: u32 = crate::abi::term::WORD_BYTES;

#[derive(Debug, Error, Clone, PartialEq, Eq)]
#[error("out of memory: {requested} bytes requested, {limit} bytes is the limit")]
pub struct OutOfMemory {
    pub requested: u64,
    pub limit: u64,
}

/// First-fit allocator over address ranges, growing the memory's end when nothing fits.
#[derive(Debug)]
pub struct Allocator {
    /// Free ranges by start address: `start -> length`; adjacent ranges are merged.
    free: BTreeMap<u32, u32>,
    /// One past the highest address handed out or free.
    end: u32,
    /// The highest `end` allowed (the memory limit).
    limit: u32,
}

impl Allocator {
    pub fn new(limit: u32) -> Self {
        Allocator {
            free: BTreeMap::new(),
            end: RESERVED_LOW,
            limit,
        }
    }

    /// The size the memory must have for every range handed out so far.
    pub fn end(&self) -> u32 {
        self.end
    }

    pub fn allocate(&mut self, bytes: u32) -> Result<u32, OutOfMemory> {
        let error = OutOfMemory {
            requested: bytes as u64,
            limit: self.limit as u64,
        };
        let size = bytes.checked_next_multiple_of(ALIGN).ok_or(error.clone())?;
        let fit = self
            .free
            .iter()
            .find(|(_, &len)| len >= size)
            .map(|(&start, &len)| (start, len));
        if let Some((start, len)) = fit {
            self.free.remove(&start);
            if len > size {
                self.free.insert(start + size, len - size);
            }
            return Ok(start);
        }
        let start = self.end;
        let end = start
            .checked_add(size)
            .filter(|&e| e <= self.limit)
            .ok_or(error)?;
        self.end = end;
        Ok(start)
    }

    pub fn release(&mut self, start: u32, bytes: u32) {
        let mut start = start;
        let mut size = bytes.next_multiple_of(ALIGN);
        if let Some((&prev, &len)) = self.free.range(..start).next_back() {
            if prev + len == start {
                self.free.remove(&prev);
                start = prev;
                size += len;
            }
        }
        if let Some(&len) = self.free.get(&(start + size)) {
            self.free.remove(&(start + size));
            size += len;
        }
        if start + size == self.end {
            self.end = start; // give the tail back so the memory need not grow
        } else {
            self.free.insert(start, size);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reuses_and_merges_released_ranges() {
        let mut a = Allocator::new(1 << 30);
        let x = a.allocate(100).unwrap();
        let y = a.allocate(100).unwrap();
        let z = a.allocate(100).unwrap();
        assert!(x >= RESERVED_LOW && y > x && z > y);
        a.release(x, 100);
        a.release(y, 100);
        let w = a.allocate(200).unwrap();
        assert_eq!(w, x, "two adjacent free ranges merge");
        a.release(z, 100);
        a.release(w, 200);
        assert_eq!(a.end(), RESERVED_LOW, "everything given back");
    }

    #[test]
    fn respects_the_limit() {
        let mut a = Allocator::new(RESERVED_LOW + 1024);
        assert!(a.allocate(1024).is_ok());
        assert!(a.allocate(8).is_err());
        assert!(a.allocate(u32::MAX).is_err());
    }
}
