//! The copying garbage collector (Cheney) of one process.
//!
//! A process owns one block of linear memory: the heap grows up from `heap_start` to
//! `heap_top`, the stack grows down from `heap_end` to `e`. A collection copies everything
//! reachable from the roots — `x[0..live)`, every term on the stack, and the caller's extra
//! roots — into a fresh block, then moves the stack to the new block's end. Terms outside the
//! old block (literals) are left where they are.
//!
//! Forwarding: a copied boxed object's header is overwritten with its new boxed term (a header
//! has primary tag 00, a boxed term 10, so the two never mix up); a copied cons cell's tail word
//! becomes `0` (never a term) and its head word the new cons term. In the new block, a word with
//! primary tag 00 starts a boxed object, anything else starts a cons cell: that is how the scan
//! walks it without a separate map.

use crate::codegen::abi::ctx;

use super::heap::TermError;
use super::term::{self, boxed, Shape};

/// A block of linear memory `[start, end)`, word aligned.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Block {
    pub start: u32,
    pub end: u32,
}

const FORWARDED_CONS: u32 = 0;

fn get(mem: &[u8], address: u32) -> Result<u32, TermError> {
    let a = address as usize;
    mem.get(a..a + 4)
        .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
        .ok_or(TermError::OutOfBounds { address })
}

fn put(mem: &mut [u8], address: u32, value: u32) -> Result<(), TermError> {
    let a = address as usize;
    mem.get_mut(a..a + 4)
        .ok_or(TermError::OutOfBounds { address })?
        .copy_from_slice(&value.to_le_bytes());
    Ok(())
}

/// Whether the words after a header of this tag are terms the collector must follow.
fn holds_terms(tag: u32) -> bool {
    matches!(tag, boxed::TUPLE | boxed::MAP | boxed::FUN)
}

/// The process's block as its context describes it: `(heap_start, heap_top, e, heap_end)`.
pub fn block_of(mem: &[u8], context: u32) -> Result<(u32, u32, u32, u32), TermError> {
    Ok((
        get(mem, context + ctx::HEAP_START)?,
        get(mem, context + ctx::HEAP_TOP)?,
        get(mem, context + ctx::E)?,
        get(mem, context + ctx::HEAP_END)?,
    ))
}

/// Bytes a new block needs so that, after copying, `need_words` more words fit: room for every
/// word now on the heap (all of it may be live), the stack, the request, and as much again so
/// that a growing heap does not collect at every allocation.
pub fn new_block_size(mem: &[u8], context: u32, need_words: u32) -> Result<u64, TermError> {
    let (start, top, e, end) = block_of(mem, context)?;
    let heap = (top - start) as u64;
    let stack = (end - e) as u64;
    Ok(2 * (heap + 4 * need_words as u64) + stack + 1024)
}

struct Copier<'m> {
    mem: &'m mut [u8],
    from: Block,
    top: u32,
    limit: u32,
}

impl Copier<'_> {
    fn in_from_space(&self, address: u32) -> bool {
        (self.from.start..self.from.end).contains(&address)
    }

    fn bump(&mut self, words: u32) -> Result<u32, TermError> {
        let address = self.top;
        let new_top = address + 4 * words;
        if new_top > self.limit {
            return Err(TermError::HeapFull { needed: words });
        }
        self.top = new_top;
        Ok(address)
    }

    /// The term's new value: copied if it lives in from-space, unchanged otherwise.
    fn evacuate(&mut self, t: u32) -> Result<u32, TermError> {
        match term::shape(t) {
            Shape::Cons(cell) if self.in_from_space(cell) => {
                let tail = get(self.mem, cell)?;
                if tail == FORWARDED_CONS {
                    return get(self.mem, cell + 4);
                }
                let head = get(self.mem, cell + 4)?;
                let new = self.bump(2)?;
                put(self.mem, new, tail)?;
                put(self.mem, new + 4, head)?;
                let moved = term::cons(new);
                put(self.mem, cell, FORWARDED_CONS)?;
                put(self.mem, cell + 4, moved)?;
                Ok(moved)
            }
            Shape::Boxed(address) if self.in_from_space(address) => {
                let header = get(self.mem, address)?;
                if let Shape::Boxed(_) = term::shape(header) {
                    return Ok(header); // already forwarded
                }
                let words = 1 + term::header_size(header);
                if address + 4 * words > self.from.end {
                    return Err(TermError::Malformed {
                        term: t,
                        what: "boxed object runs past its heap",
                    });
                }
                let new = self.bump(words)?;
                self.mem.copy_within(
                    address as usize..(address + 4 * words) as usize,
                    new as usize,
                );
                let moved = term::boxed(new);
                put(self.mem, address, moved)?;
                Ok(moved)
            }
            _ => Ok(t),
        }
    }

    /// Follows every term copied so far until nothing new is copied.
    fn scan(&mut self, mut scan: u32) -> Result<(), TermError> {
        while scan < self.top {
            let word = get(self.mem, scan)?;
            if word & 3 == 0 {
                let size = term::header_size(word);
                if holds_terms(term::header_tag(word)) {
                    for i in 1..=size {
                        let slot = scan + 4 * i;
                        let moved = self.evacuate(get(self.mem, slot)?)?;
                        put(self.mem, slot, moved)?;
                    }
                }
                scan += 4 * (1 + size);
            } else {
                for slot in [scan, scan + 4] {
                    let moved = self.evacuate(get(self.mem, slot)?)?;
                    put(self.mem, slot, moved)?;
                }
                scan += 8;
            }
        }
        Ok(())
    }
}

/// Collects the process at `context` into the fresh block `to`, which must be at least
/// `new_block_size` bytes. Updates the context and `extra_roots`; the old block can be
/// released afterwards. Returns the number of live heap words.
pub fn collect(
    mem: &mut [u8],
    context: u32,
    live_x: u32,
    extra_roots: &mut [u32],
    to: Block,
) -> Result<u32, TermError> {
    let (start, _top, e, end) = block_of(mem, context)?;
    let stack_bytes = end - e;
    let new_e = to.end - stack_bytes;
    let mut copier = Copier {
        mem,
        from: Block { start, end },
        top: to.start,
        limit: new_e,
    };
    for i in 0..live_x.min(ctx::X_REGISTERS) {
        let slot = context + ctx::x(i);
        let moved = copier.evacuate(get(copier.mem, slot)?)?;
        put(copier.mem, slot, moved)?;
    }
    for root in extra_roots.iter_mut() {
        *root = copier.evacuate(*root)?;
    }
    // Stack words: continuation pointers (primary tag 00) and catch markers stay as they are.
    for offset in (0..stack_bytes).step_by(4) {
        let word = get(copier.mem, e + offset)?;
        let moved = if word & 3 == 0 || term::is_catch_marker(word) {
            word
        } else {
            copier.evacuate(word)?
        };
        put(copier.mem, new_e + offset, moved)?;
    }
    copier.scan(to.start)?;
    let new_top = copier.top;
    put(mem, context + ctx::HEAP_START, to.start)?;
    put(mem, context + ctx::HEAP_TOP, new_top)?;
    put(mem, context + ctx::HEAP_END, to.end)?;
    put(mem, context + ctx::E, new_e)?;
    Ok((new_top - to.start) / 4)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runtime::atoms::AtomTable;
    use crate::runtime::heap::{Heap, HeapWriter};
    use crate::runtime::print::write_term;

    const CONTEXT: u32 = 0x100;
    const OLD: Block = Block {
        start: 0x2000,
        end: 0x6000,
    };
    const NEW: Block = Block {
        start: 0x8000,
        end: 0xC000,
    };

    fn text(mem: &[u8], atoms: &AtomTable, t: u32) -> String {
        let mut out = Vec::new();
        write_term(Heap::new(mem), atoms, t, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn copies_live_terms_keeps_sharing_and_moves_the_stack() {
        let mut mem = vec![0u8; 0x10000];
        let atoms = AtomTable::new();
        let stack_words = 3;
        let e = OLD.end - 4 * stack_words;
        let (shared, live_list, stack_tuple, top);
        {
            let mut w = HeapWriter::new(&mut mem, OLD.start, e);
            let _garbage = w.tuple(&[term::small(1), term::small(2)]).unwrap();
            shared = w.float(2.5).unwrap();
            let big = w.integer(&num_bigint::BigInt::from(1u64 << 40)).unwrap();
            let inner = w.tuple(&[shared, big]).unwrap();
            live_list = w.list(&[inner, inner, shared], term::NIL).unwrap();
            let _more_garbage = w.list(&[term::small(9); 10], term::NIL).unwrap();
            stack_tuple = w.tuple(&[live_list, term::small(7)]).unwrap();
            top = w.top();
        }
        for (field, value) in [
            (ctx::HEAP_START, OLD.start),
            (ctx::HEAP_TOP, top),
            (ctx::HEAP_END, OLD.end),
            (ctx::E, e),
            (ctx::x(0), live_list),
            (ctx::x(1), 0xdead_beef), // beyond `live`: must not be touched
        ] {
            put(&mut mem, CONTEXT + field, value).unwrap();
        }
        let continuation = crate::codegen::abi::cp::encode(3, 17);
        put(&mut mem, e, continuation).unwrap();
        put(&mut mem, e + 4, stack_tuple).unwrap();
        put(&mut mem, e + 8, term::small(5)).unwrap();
        let before = (
            text(&mem, &atoms, live_list),
            text(&mem, &atoms, stack_tuple),
        );
        let mut extra = [shared];

        let live = collect(&mut mem, CONTEXT, 1, &mut extra, NEW).unwrap();

        let x0 = get(&mem, CONTEXT + ctx::x(0)).unwrap();
        let new_e = get(&mem, CONTEXT + ctx::E).unwrap();
        assert_eq!(new_e, NEW.end - 12);
        assert_eq!(get(&mem, new_e).unwrap(), continuation);
        assert_eq!(get(&mem, new_e + 8).unwrap(), term::small(5));
        let moved_tuple = get(&mem, new_e + 4).unwrap();
        assert_eq!(
            before,
            (text(&mem, &atoms, x0), text(&mem, &atoms, moved_tuple))
        );
        assert_eq!(get(&mem, CONTEXT + ctx::x(1)).unwrap(), 0xdead_beef);
        // Live: float 3 + bignum 3 + inner tuple 3 + 3 cells 6 + stack tuple 3 = 18 words;
        // the shared float and tuple are copied once.
        assert_eq!(live, 18);
        assert!(
            matches!(term::shape(extra[0]), Shape::Boxed(a) if (NEW.start..NEW.end).contains(&a))
        );
        assert_eq!(get(&mem, CONTEXT + ctx::HEAP_START).unwrap(), NEW.start);
        assert_eq!(
            get(&mem, CONTEXT + ctx::HEAP_TOP).unwrap(),
            NEW.start + 4 * live
        );
    }

    #[test]
    fn a_long_list_is_copied_without_recursion() {
        let n = 200_000u32;
        let from = Block {
            start: 0x1000,
            end: 0x1000 + 8 * n + 64,
        };
        let to = Block {
            start: from.end,
            end: from.end + 8 * n + 64,
        };
        let mut mem = vec![0u8; to.end as usize];
        let mut list = term::NIL;
        {
            let mut w = HeapWriter::new(&mut mem, from.start, from.end);
            for i in 0..n {
                list = w.cons(term::small(i as i32), list).unwrap();
            }
            let top = w.top();
            for (field, value) in [
                (ctx::HEAP_START, from.start),
                (ctx::HEAP_TOP, top),
                (ctx::HEAP_END, from.end),
                (ctx::E, from.end),
            ] {
                put(&mut mem, CONTEXT + field, value).unwrap();
            }
        }
        let mut roots = [list];
        let live = collect(&mut mem, CONTEXT, 0, &mut roots, to).unwrap();
        assert_eq!(live, 2 * n);
        let heap = Heap::new(&mem);
        let (head, _) = heap.cons(roots[0] & !3).unwrap();
        assert_eq!(head, term::small(n as i32 - 1));
    }
}
