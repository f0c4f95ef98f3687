//! Process heaps as primitives and BIFs use them: writing a value built host-side
//! (collecting first when it does not fit), and the collection itself with everything the
//! collector (`gc`) leaves to its caller — the running process's mailbox and dictionary as
//! roots, its message fragments, the off-heap binaries swept after, the young block grown,
//! `max_heap_size` enforced.

use crate::abi::ctx;
use crate::abi::term::{self, Term, WORD_BYTES};
use crate::runtime::error::{Fault, Limit};
use crate::runtime::host::Host;
use crate::runtime::machine::Machine;
use crate::runtime::term::heap::HeapWriter;
use crate::runtime::term::value::Value;

use super::gc::{self, Block, Layout};
use super::{allocate_block, MIN_BLOCK};

/// Collects the process at `context` so that `need` more words fit between its young heap and
/// its stack; `roots` are updated. A minor collection when the old heap has room for every
/// young word, else a major one into an old heap twice the size of all data. The running
/// process's mailbox and dictionary are roots too, and its message fragments are emptied into
/// its heap. A process over its `max_heap_size` is marked to exit with `killed` (an error).
pub(crate) fn collect(
    machine: &mut dyn Machine,
    context: u32,
    need: u32,
    live: u32,
    roots: &mut [Term],
) -> Result<(), Fault> {
    // The running process's own roots and fragments, if `context` is its.
    let (mut process_roots, fragments, max_heap_words) =
        match machine.host_mut().procs.current_process() {
            Some(p) if p.context == context => (
                crate::runtime::process::roots(p),
                std::mem::take(&mut p.fragments),
                p.max_heap_words,
            ),
            _ => (Vec::new(), Vec::new(), 0),
        };
    let given = roots.len();
    let mut all_roots: Vec<Term> = roots.to_vec();
    all_roots.append(&mut process_roots);
    let fragment_bytes: u64 = fragments.iter().map(|b| b.len() as u64).sum();
    let layout = Layout::read(machine.memory(), context)?;
    let young_used = Block {
        start: layout.young.start,
        end: layout.heap_top,
    };
    let used_before = layout.young_used() as u64 + layout.old_used() as u64 + fragment_bytes;
    let minor = layout.old_free() as u64 >= layout.young_used() as u64 + fragment_bytes;
    if minor {
        gc::minor(
            machine.memory_mut(),
            context,
            live,
            &mut all_roots,
            &fragments,
        )?;
        let (mem, host) = machine.split();
        crate::runtime::data::bits::sweep(mem, host, context, &[young_used], false)?;
    } else {
        let size = (2 * (layout.old_used() as u64 + layout.young_used() as u64 + fragment_bytes))
            .max(MIN_BLOCK as u64);
        let new_old = allocate_block(machine, size)?;
        gc::major(
            machine.memory_mut(),
            context,
            live,
            &mut all_roots,
            new_old,
            &fragments,
        )?;
        let old_used = Block {
            start: layout.old.start,
            end: layout.old_top,
        };
        let (mem, host) = machine.split();
        crate::runtime::data::bits::sweep(mem, host, context, &[young_used, old_used], true)?;
        if !layout.old.is_empty() {
            machine
                .host_mut()
                .allocator
                .release(layout.old.start, layout.old.len());
        }
    }
    for block in &fragments {
        machine
            .host_mut()
            .allocator
            .release(block.start, block.len());
    }
    roots.copy_from_slice(&all_roots[..given]);
    if let Some(p) = machine.host_mut().procs.current_process() {
        if p.context == context {
            crate::runtime::process::set_roots(p, &all_roots[given..]);
        }
    }
    let layout = Layout::read(machine.memory(), context)?;
    count_collection(machine.host_mut(), context, minor, used_before, &layout);
    let need_bytes = WORD_BYTES as u64 * need as u64;
    if max_heap_words > 0 {
        let words = (layout.old_used() as u64 + layout.stack_bytes() as u64 + need_bytes)
            / WORD_BYTES as u64;
        if words > max_heap_words as u64 {
            let killed = term::atom(machine.host_mut().atoms.intern("killed"));
            if let Some(p) = machine.host_mut().procs.current_process() {
                p.pending_exit = Some(killed);
            }
            return Err(Limit::MaxHeapSize.into());
        }
    }
    if (layout.young_free() as u64) < need_bytes {
        // The request or the stack outgrew the young block: move to one twice as big.
        let size = (2 * layout.young.len() as u64)
            .max(need_bytes + layout.stack_bytes() as u64 + MIN_BLOCK as u64);
        let new_young = allocate_block(machine, size)?;
        gc::move_young(machine.memory_mut(), context, new_young)?;
        machine
            .host_mut()
            .allocator
            .release(layout.young.start, layout.young.len());
    }
    Ok(())
}

/// Counts a collection for `statistics(garbage_collection)` and the process's `minor_gcs`.
fn count_collection(host: &mut Host, context: u32, minor: bool, used_before: u64, after: &Layout) {
    let used_after = after.young_used() as u64 + after.old_used() as u64;
    let procs = &mut host.procs;
    procs.statistics.collections += 1;
    procs.statistics.words_reclaimed += used_before.saturating_sub(used_after) / WORD_BYTES as u64;
    if let Some(p) = procs.current_process().filter(|p| p.context == context) {
        p.minor_gcs = if minor { p.minor_gcs + 1 } else { 0 };
    }
}

/// Writes `value` to the process heap, collecting first if it does not fit.
pub(crate) fn write_value(
    machine: &mut dyn Machine,
    context: u32,
    live: u32,
    mut value: Value,
) -> Result<Term, Fault> {
    let offheap = crate::runtime::data::bits::prepare(machine, &mut value)?;
    let words = value.words();
    if words == 0 {
        if let Value::Term(t) = value {
            return Ok(t);
        }
    }
    let words = u32::try_from(words).map_err(|_| Limit::TermTooLarge)?;
    // One look at the memory and the host when the value fits, the common case.
    let (mem, host) = machine.split();
    let layout = Layout::read(mem, context)?;
    if layout.young_free() as u64 >= WORD_BYTES as u64 * words as u64 && !host.gc_stress {
        return write_at(mem, host, context, layout, &value, offheap);
    }
    let mut roots = Vec::new();
    value.terms(&mut roots);
    collect(machine, context, words, live, &mut roots)?;
    value.replace_terms(&mut roots.into_iter());
    let (mem, host) = machine.split();
    let layout = Layout::read(mem, context)?;
    write_at(mem, host, context, layout, &value, offheap)
}

/// Writes `value` at the heap top of the process at `context`, which has room for it, and
/// registers the refc binaries it made (`offheap`).
fn write_at(
    mem: &mut [u8],
    host: &mut Host,
    context: u32,
    layout: Layout,
    value: &Value,
    offheap: bool,
) -> Result<Term, Fault> {
    let mut writer = HeapWriter::new(mem, layout.heap_top, layout.e);
    let term = value.write(&mut writer)?;
    let new_top = writer.top();
    // HEAP_TOP is an address field (4 bytes), not a word.
    crate::runtime::memory::gc::set_address(mem, context + ctx::HEAP_TOP, new_top)?;
    if offheap {
        crate::runtime::data::bits::register(mem, host, context, layout.heap_top, new_top)?;
    }
    Ok(term)
}
