//! Linear memory: which addresses are in use (`allocator`), the blocks handed out backed by
//! growing the engine's memory (here), the generational collector of process heaps (`gc`),
//! and writing to and collecting the heap of a running process (`heap_alloc`).

use crate::abi::term::WORD_BYTES;
use crate::runtime::error::{Fault, Limit};
use crate::runtime::machine::Machine;

use self::gc::Block;

pub(super) mod allocator;
pub(super) mod gc;
pub(super) mod heap_alloc;

/// Grows the memory so that every allocated address is backed.
pub(crate) fn ensure_backed(machine: &mut dyn Machine) -> Result<(), Fault> {
    let needed = machine.host().allocator.end() as u64;
    machine.grow_memory(needed)
}

/// Allocates `bytes` of linear memory (growing it if needed).
pub(crate) fn allocate(machine: &mut dyn Machine, bytes: u32) -> Result<Block, Fault> {
    let bytes = bytes.max(WORD_BYTES).next_multiple_of(WORD_BYTES);
    let start = machine.host_mut().allocator.allocate(bytes)?;
    ensure_backed(machine)?;
    Ok(Block {
        start,
        end: start + bytes,
    })
}

/// Smallest young block and old heap, in bytes.
pub(crate) const MIN_BLOCK: u32 = 64 * 1024;

/// Allocates a process block (a young block or an old heap) of at least `bytes`.
pub(crate) fn allocate_block(machine: &mut dyn Machine, bytes: u64) -> Result<Block, Fault> {
    let bytes = u32::try_from(bytes.next_multiple_of(WORD_BYTES as u64))
        .map_err(|_| Limit::HeapTooLarge)?;
    let start = machine.host_mut().allocator.allocate(bytes)?;
    ensure_backed(machine)?;
    Ok(Block {
        start,
        end: start + bytes,
    })
}
