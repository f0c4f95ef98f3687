//! The generational copying garbage collector (Cheney) of one process.
//!
//! A process owns a *young block*: the young heap grows up from `heap_start` to `heap_top`,
//! the stack grows down from `heap_end` to `e`. Survivors live in the *old heap*
//! `[old_start, old_top)`, a separate block.
//!
//! - A **minor** collection copies what is reachable in the young heap into the old heap and
//!   empties the young heap. Roots: `x[0..live)`, the caller's extra roots, and the stack words
//!   written since the last collection (`[e, watermark]` plus the frame at the watermark: a
//!   frame deeper than that cannot have changed). Old terms never point at young ones —
//!   Erlang terms are immutable, and `set_tuple_element` only updates a tuple just built — so
//!   no remembered set is needed.
//! - A **major** collection copies everything reachable, young and old, into a fresh old heap.
//!
//! Terms outside both (literals) are left where they are. Forwarding: a copied boxed object's
//! header becomes its new boxed term (a header has primary tag 00, a boxed term 10); a copied
//! cons cell's tail word becomes `0` (never a term) and its head word the new cons term. In
//! to-space a word with primary tag 00 starts a boxed object, anything else a cons cell: that is
//! how the scan walks it.

use crate::abi::{cp, ctx};

use crate::abi::term::{self, boxed, Shape, Term, WORD_BYTES};
use crate::runtime::term::heap::{put_word as put, Heap, TermError};

/// A range of linear memory `[start, end)`, word aligned.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Block {
    pub start: u32,
    pub end: u32,
}

impl Block {
    pub fn len(&self) -> u32 {
        self.end - self.start
    }

    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }

    fn contains(&self, address: u32) -> bool {
        (self.start..self.end).contains(&address)
    }
}

const FORWARDED_CONS: Term = 0;

/// The word (8 bytes) at `address`.
fn get(mem: &[u8], address: u32) -> Result<Term, TermError> {
    Heap::new(mem).word(address)
}

/// Bytes of an address field of the context (a linear-memory address, not a word).
const ADDRESS_BYTES: usize = 4;

/// The address field (4 bytes, not a word: the context's heap bounds and `e`) at `address`.
pub fn read_address(mem: &[u8], address: u32) -> Result<u32, TermError> {
    let a = address as usize;
    mem.get(a..a + ADDRESS_BYTES)
        .and_then(|b| <[u8; 4]>::try_from(b).ok())
        .map(u32::from_le_bytes)
        .ok_or(TermError::OutOfBounds { address })
}

pub fn set_address(mem: &mut [u8], address: u32, value: u32) -> Result<(), TermError> {
    let a = address as usize;
    mem.get_mut(a..a + ADDRESS_BYTES)
        .ok_or(TermError::OutOfBounds { address })?
        .copy_from_slice(&value.to_le_bytes());
    Ok(())
}

/// Whether the words after a header of this tag are terms the collector must follow.
fn holds_terms(tag: u64) -> bool {
    matches!(tag, boxed::TUPLE | boxed::MAP | boxed::FUN)
}

/// Sub binaries and match states: the first word after the header is a term (the binary they
/// refer to), the others are raw bit positions. Heap binaries and refc binaries hold no terms
/// (a refc binary's data pointer is an off-heap address, `runtime::data::bits`).
fn first_word_is_term(tag: u64) -> bool {
    matches!(tag, boxed::SUB_BINARY | boxed::MATCH_STATE)
}

/// A stack word that is not a term: a continuation pointer (primary tag 00) or a catch marker.
fn is_frame_word(word: Term) -> bool {
    cp::is_continuation(word) || term::is_catch_marker(word)
}

/// The memory layout of a process, as its context describes it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Layout {
    pub young: Block,
    pub heap_top: u32,
    pub e: u32,
    pub watermark: u32,
    pub old: Block,
    pub old_top: u32,
}

impl Layout {
    /// Reads the layout and checks its invariants, so that a corrupted context is a clean
    /// error rather than an out-of-range copy.
    pub fn read(mem: &[u8], context: u32) -> Result<Layout, TermError> {
        let field = |offset| read_address(mem, context + offset);
        let layout = Layout {
            young: Block {
                start: field(ctx::HEAP_START)?,
                end: field(ctx::HEAP_END)?,
            },
            heap_top: field(ctx::HEAP_TOP)?,
            e: field(ctx::E)?,
            watermark: field(ctx::STACK_WATERMARK)?,
            old: Block {
                start: field(ctx::OLD_START)?,
                end: field(ctx::OLD_END)?,
            },
            old_top: field(ctx::OLD_TOP)?,
        };
        let l = &layout;
        let within_memory = l.young.end as usize <= mem.len() && l.old.end as usize <= mem.len();
        let ordered = l.young.start <= l.heap_top
            && l.heap_top <= l.e
            && l.e <= l.young.end
            && l.old.start <= l.old_top
            && l.old_top <= l.old.end;
        if !(within_memory && ordered) {
            return Err(TermError::Malformed {
                term: context as Term,
                what: "process heap bounds are inconsistent",
            });
        }
        Ok(layout)
    }

    fn write(&self, mem: &mut [u8], context: u32) -> Result<(), TermError> {
        for (offset, value) in [
            (ctx::HEAP_START, self.young.start),
            (ctx::HEAP_END, self.young.end),
            (ctx::HEAP_TOP, self.heap_top),
            (ctx::E, self.e),
            (ctx::STACK_WATERMARK, self.watermark),
            (ctx::OLD_START, self.old.start),
            (ctx::OLD_END, self.old.end),
            (ctx::OLD_TOP, self.old_top),
        ] {
            set_address(mem, context + offset, value)?;
        }
        Ok(())
    }

    /// Bytes of young heap in use: the most a minor collection may copy.
    pub fn young_used(&self) -> u32 {
        self.heap_top - self.young.start
    }

    pub fn old_used(&self) -> u32 {
        self.old_top - self.old.start
    }

    pub fn old_free(&self) -> u32 {
        self.old.end - self.old_top
    }

    pub fn stack_bytes(&self) -> u32 {
        self.young.end - self.e
    }

    /// Bytes free between the young heap and the stack.
    pub fn young_free(&self) -> u32 {
        self.e - self.heap_top
    }
}

/// Sets up a new process's memory: a young block with an empty stack, no old heap yet.
pub fn init(mem: &mut [u8], context: u32, young: Block) -> Result<(), TermError> {
    Layout {
        young,
        heap_top: young.start,
        e: young.end,
        watermark: young.end,
        old: Block { start: 0, end: 0 },
        old_top: 0,
    }
    .write(mem, context)
}

struct Copier<'m> {
    mem: &'m mut [u8],
    /// From-space: the young heap and the message fragments, sorted by address. A mailbox of
    /// thousands of messages is thousands of fragments, so membership is a binary search.
    from: Vec<Block>,
    top: u32,
    limit: u32,
}

impl<'m> Copier<'m> {
    fn new(mem: &'m mut [u8], mut from: Vec<Block>, top: u32, limit: u32) -> Self {
        from.retain(|b| b.start < b.end);
        from.sort_unstable_by_key(|b| b.start);
        Copier {
            mem,
            from,
            top,
            limit,
        }
    }

    /// The from-space block holding `address`, if any.
    fn block_in_from_space(&self, address: u32) -> Option<Block> {
        let after = self.from.partition_point(|b| b.start <= address);
        let block = *self.from.get(after.checked_sub(1)?)?;
        block.contains(address).then_some(block)
    }

    fn in_from_space(&self, address: u32) -> bool {
        self.block_in_from_space(address).is_some()
    }

    fn bump(&mut self, words: u32) -> Result<u32, TermError> {
        let address = self.top;
        let new_top = words
            .checked_mul(WORD_BYTES)
            .and_then(|bytes| address.checked_add(bytes))
            .filter(|&top| top <= self.limit);
        let Some(new_top) = new_top else {
            return Err(TermError::HeapFull { needed: words });
        };
        self.top = new_top;
        Ok(address)
    }

    /// The term's new value: copied if it lives in from-space, unchanged otherwise.
    fn evacuate(&mut self, t: Term) -> Result<Term, TermError> {
        use term::list_cell::{HEAD, TAIL};
        match term::shape(t) {
            Shape::Cons(cell) if self.in_from_space(cell) => {
                let tail = get(self.mem, cell + TAIL)?;
                if tail == FORWARDED_CONS {
                    return get(self.mem, cell + HEAD);
                }
                let head = get(self.mem, cell + HEAD)?;
                let new = self.bump(2)?;
                put(self.mem, new + TAIL, tail)?;
                put(self.mem, new + HEAD, head)?;
                let moved = term::cons(new);
                put(self.mem, cell + TAIL, FORWARDED_CONS)?;
                put(self.mem, cell + HEAD, moved)?;
                Ok(moved)
            }
            Shape::Boxed(address) if self.in_from_space(address) => {
                let header = get(self.mem, address)?;
                if let Shape::Boxed(_) = term::shape(header) {
                    return Ok(header); // already forwarded
                }
                let words = term::header_size(header).saturating_add(1);
                let bytes = WORD_BYTES as u64 * words as u64;
                let fits = self
                    .block_in_from_space(address)
                    .is_some_and(|b| address as u64 + bytes <= b.end as u64);
                if !fits {
                    return Err(TermError::Malformed {
                        term: t,
                        what: "boxed object runs past its heap",
                    });
                }
                let new = self.bump(words)?;
                self.mem.copy_within(
                    address as usize..(address as u64 + bytes) as usize,
                    new as usize,
                );
                let moved = term::boxed(new);
                put(self.mem, address, moved)?;
                Ok(moved)
            }
            _ => Ok(t),
        }
    }

    fn evacuate_slot(&mut self, slot: u32) -> Result<(), TermError> {
        let moved = self.evacuate(get(self.mem, slot)?)?;
        put(self.mem, slot, moved)
    }

    /// Follows every term copied from `scan` on, until nothing new is copied.
    fn scan(&mut self, mut scan: u32) -> Result<(), TermError> {
        while scan < self.top {
            let word = get(self.mem, scan)?;
            if term::is_header(word) {
                let size = term::header_size(word);
                if holds_terms(term::header_tag(word)) {
                    for i in 1..=size {
                        self.evacuate_slot(scan + term::word(i))?;
                    }
                }
                if first_word_is_term(term::header_tag(word)) && size >= 1 {
                    self.evacuate_slot(scan + term::sub_binary::ORIGINAL)?;
                }
                scan += term::word(1 + size);
            } else {
                self.evacuate_slot(scan + term::list_cell::TAIL)?;
                self.evacuate_slot(scan + term::list_cell::HEAD)?;
                scan += term::list_cell::BYTES;
            }
        }
        Ok(())
    }

    fn roots(&mut self, context: u32, live: u32, extra: &mut [Term]) -> Result<(), TermError> {
        for i in 0..live.min(ctx::X_REGISTERS) {
            self.evacuate_slot(context + ctx::x(i))?;
        }
        for root in extra.iter_mut() {
            *root = self.evacuate(*root)?;
        }
        Ok(())
    }

    fn stack(&mut self, from: u32, to: u32) -> Result<(), TermError> {
        for slot in (from..to).step_by(WORD_BYTES as usize) {
            if !is_frame_word(get(self.mem, slot)?) {
                self.evacuate_slot(slot)?;
            }
        }
        Ok(())
    }
}

/// The end of the stack region a minor collection must scan: everything from `e` up to the
/// watermark, and the frame there (up to and including its continuation word).
fn dirty_stack_end(mem: &[u8], layout: &Layout) -> Result<u32, TermError> {
    let mut end = layout.watermark.max(layout.e);
    while end < layout.young.end {
        let word = get(mem, end)?;
        end += WORD_BYTES;
        if cp::is_continuation(word) {
            break;
        }
    }
    Ok(end)
}

/// Copies the young heap's survivors into the old heap, which must have at least
/// `young_used` bytes free. Empties the young heap.
///
/// `fragments` are blocks outside the heap holding terms only the roots reach (messages not
/// yet collected): they are copied from like the young heap, and the caller frees them after.
pub fn minor(
    mem: &mut [u8],
    context: u32,
    live: u32,
    extra_roots: &mut [Term],
    fragments: &[Block],
) -> Result<(), TermError> {
    let mut layout = Layout::read(mem, context)?;
    let fragment_bytes: u32 = fragments.iter().map(Block::len).sum();
    if layout.old_free() < layout.young_used() + fragment_bytes {
        return Err(TermError::HeapFull {
            needed: (layout.young_used() + fragment_bytes) / WORD_BYTES,
        });
    }
    let dirty_end = dirty_stack_end(mem, &layout)?;
    let young_used = Block {
        start: layout.young.start,
        end: layout.heap_top,
    };
    let mut from = vec![young_used];
    from.extend_from_slice(fragments);
    let mut copier = Copier::new(mem, from, layout.old_top, layout.old.end);
    copier.roots(context, live, extra_roots)?;
    copier.stack(layout.e, dirty_end)?;
    copier.scan(layout.old_top)?;
    layout.old_top = copier.top;
    layout.heap_top = layout.young.start;
    layout.watermark = layout.e;
    layout.write(mem, context)
}

/// Copies everything reachable, young and old, into `new_old`, which must hold
/// `young_used + old_used` bytes. Empties the young heap. Returns the live words.
pub fn major(
    mem: &mut [u8],
    context: u32,
    live: u32,
    extra_roots: &mut [Term],
    new_old: Block,
    fragments: &[Block],
) -> Result<u32, TermError> {
    let mut layout = Layout::read(mem, context)?;
    let mut from = vec![
        Block {
            start: layout.young.start,
            end: layout.heap_top,
        },
        Block {
            start: layout.old.start,
            end: layout.old_top,
        },
    ];
    from.extend_from_slice(fragments);
    let mut copier = Copier::new(mem, from, new_old.start, new_old.end);
    copier.roots(context, live, extra_roots)?;
    copier.stack(layout.e, layout.young.end)?;
    copier.scan(new_old.start)?;
    let live_words = (copier.top - new_old.start) / WORD_BYTES;
    layout.old = new_old;
    layout.old_top = copier.top;
    layout.heap_top = layout.young.start;
    layout.watermark = layout.e;
    layout.write(mem, context)?;
    Ok(live_words)
}

/// Moves the stack to the end of `new_young` and makes it the young block. The young heap must
/// be empty (right after a collection); the stack holds no pointers into itself, so it moves
/// as plain words.
pub fn move_young(mem: &mut [u8], context: u32, new_young: Block) -> Result<(), TermError> {
    let mut layout = Layout::read(mem, context)?;
    let stack = layout.stack_bytes();
    if layout.heap_top != layout.young.start || new_young.len() < stack {
        return Err(TermError::HeapFull {
            needed: stack / WORD_BYTES,
        });
    }
    let new_e = new_young.end - stack;
    mem.get(layout.e as usize..layout.young.end as usize)
        .ok_or(TermError::OutOfBounds { address: layout.e })?;
    mem.get(new_e as usize..new_young.end as usize)
        .ok_or(TermError::OutOfBounds { address: new_e })?;
    mem.copy_within(layout.e as usize..layout.young.end as usize, new_e as usize);
    layout.watermark = new_e + (layout.watermark.max(layout.e) - layout.e);
    layout.young = new_young;
    layout.heap_top = new_young.start;
    layout.e = new_e;
    layout.write(mem, context)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runtime::term::atoms::AtomTable;

    #[test]
    fn a_corrupted_context_is_an_error_not_a_panic() {
        let mut mem = vec![0u8; 0x10000];
        init(&mut mem, CONTEXT, YOUNG).unwrap();
        set_address(&mut mem, CONTEXT + ctx::HEAP_TOP, 0xFFFF_0000).unwrap();
        assert!(minor(&mut mem, CONTEXT, 0, &mut [], &[]).is_err());
        init(&mut mem, CONTEXT, YOUNG).unwrap();
        set_address(&mut mem, CONTEXT + ctx::OLD_END, 0x7FFF_FFFF).unwrap();
        assert!(major(&mut mem, CONTEXT, 0, &mut [], NEW_OLD, &[]).is_err());
    }
    use crate::runtime::term::heap::{Heap, HeapWriter};
    use crate::runtime::term::print::write_term;

    /// The context takes `ctx::SIZE` bytes (over 8 KiB): the blocks start above it.
    const CONTEXT: u32 = 0x100;
    const YOUNG: Block = Block {
        start: 0x4000,
        end: 0x8000,
    };
    const OLD: Block = Block {
        start: 0x8000,
        end: 0xC000,
    };
    const _: () = assert!(CONTEXT + ctx::SIZE <= YOUNG.start);
    const NEW_OLD: Block = Block {
        start: 0xC000,
        end: 0x10000,
    };

    fn text(mem: &[u8], atoms: &AtomTable, t: Term) -> String {
        let mut out = Vec::new();
        write_term(Heap::new(mem), atoms, t, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    /// A process with garbage and live data in its young heap, a live tuple and a continuation
    /// on its stack, and an empty old heap at `OLD`.
    fn process(mem: &mut [u8]) -> (Term, Term, Term) {
        let stack_words = 3;
        let e = YOUNG.end - term::word(stack_words);
        init(mem, CONTEXT, YOUNG).unwrap();
        let (shared, live_list, stack_tuple, top);
        {
            let mut w = HeapWriter::new(mem, YOUNG.start, e);
            let _garbage = w.tuple(&[term::small(1), term::small(2)]).unwrap();
            shared = w.float(2.5).unwrap();
            // Two 64-bit digits.
            let big = w.integer(&(num_bigint::BigInt::from(1u64) << 70)).unwrap();
            let inner = w.tuple(&[shared, big]).unwrap();
            live_list = w.list(&[inner, inner, shared], term::NIL).unwrap();
            let _more_garbage = w.list(&[term::small(9); 10], term::NIL).unwrap();
            stack_tuple = w.tuple(&[live_list, term::small(7)]).unwrap();
            top = w.top();
        }
        let mut layout = Layout::read(mem, CONTEXT).unwrap();
        layout.heap_top = top;
        layout.e = e;
        layout.old = OLD;
        layout.old_top = OLD.start;
        layout.write(mem, CONTEXT).unwrap();
        put(mem, CONTEXT + ctx::x(0), live_list).unwrap();
        put(mem, CONTEXT + ctx::x(1), 0xdead_beef).unwrap(); // beyond `live`

        // One frame: y0, y1, then the saved continuation at the frame's high end.
        put(mem, e, stack_tuple).unwrap();
        put(mem, e + term::word(1), term::small(5)).unwrap();
        put(mem, e + term::word(2), crate::abi::cp::encode(3, 17)).unwrap();
        (shared, live_list, stack_tuple)
    }

    #[test]
    fn from_space_lookup_finds_every_block_and_nothing_else() {
        let mut mem = vec![0u8; 64];
        let block = |start, end| Block { start, end };
        // Out of order, adjacent, and one empty (it holds nothing).
        let from = vec![
            block(0x300, 0x340),
            block(0x100, 0x200),
            block(0x200, 0x208),
            block(0x500, 0x500),
        ];
        let copier = Copier::new(&mut mem, from, 0, 0);
        for (address, expected) in [
            (0xFF, None),
            (0x100, Some(block(0x100, 0x200))),
            (0x1F8, Some(block(0x100, 0x200))),
            (0x200, Some(block(0x200, 0x208))),
            (0x208, None),
            (0x33F, Some(block(0x300, 0x340))),
            (0x340, None),
            (0x500, None),
            (u32::MAX, None),
        ] {
            assert_eq!(
                copier.block_in_from_space(address),
                expected,
                "{address:#x}"
            );
        }
    }

    #[test]
    fn minor_then_major_keep_live_terms_and_sharing() {
        let mut mem = vec![0u8; 0x10000];
        let atoms = AtomTable::new();
        let (shared, live_list, stack_tuple) = process(&mut mem);
        let before = (
            text(&mem, &atoms, live_list),
            text(&mem, &atoms, stack_tuple),
        );
        let mut extra = [shared];

        minor(&mut mem, CONTEXT, 1, &mut extra, &[]).unwrap();
        let layout = Layout::read(&mem, CONTEXT).unwrap();
        assert_eq!(layout.heap_top, YOUNG.start, "the young heap is empty");
        // Live: float 2 + bignum 3 + inner tuple 3 + 3 cells 6 + stack tuple 3 = 17 words.
        assert_eq!(layout.old_used(), term::word(17));
        let x0 = get(&mem, CONTEXT + ctx::x(0)).unwrap();
        let on_stack = get(&mem, layout.e).unwrap();
        assert_eq!(
            before,
            (text(&mem, &atoms, x0), text(&mem, &atoms, on_stack))
        );
        assert_eq!(get(&mem, CONTEXT + ctx::x(1)).unwrap(), 0xdead_beef);
        assert!(matches!(term::shape(extra[0]), Shape::Boxed(a) if OLD.contains(a)));

        // New young garbage, then a major collection into a fresh old heap.
        {
            let mut w = HeapWriter::new(&mut mem, YOUNG.start, layout.e);
            w.list(&[term::small(1); 50], term::NIL).unwrap();
        }
        let live = major(&mut mem, CONTEXT, 1, &mut extra, NEW_OLD, &[]).unwrap();
        assert_eq!(live, 17);
        let x0 = get(&mem, CONTEXT + ctx::x(0)).unwrap();
        assert!(matches!(term::shape(x0), Shape::Cons(a) if NEW_OLD.contains(a)));
        assert_eq!(before.0, text(&mem, &atoms, x0));
    }

    #[test]
    fn minor_skips_clean_frames_below_the_watermark() {
        let mut mem = vec![0u8; 0x10000];
        let (_, _, stack_tuple) = process(&mut mem);
        // Pretend a collection already happened with this stack: the frame is clean.
        let mut layout = Layout::read(&mem, CONTEXT).unwrap();
        layout.watermark = layout.e;
        layout.write(&mut mem, CONTEXT).unwrap();
        // The frame at the watermark is still scanned (it is the current one): the tuple moves.
        minor(&mut mem, CONTEXT, 0, &mut [], &[]).unwrap();
        let layout = Layout::read(&mem, CONTEXT).unwrap();
        assert_ne!(get(&mem, layout.e).unwrap(), stack_tuple);
    }

    #[test]
    fn move_young_carries_the_stack() {
        let mut mem = vec![0u8; 0x20000];
        let (_, _, _) = process(&mut mem);
        minor(&mut mem, CONTEXT, 1, &mut [], &[]).unwrap();
        let before = Layout::read(&mem, CONTEXT).unwrap();
        let words: Vec<Term> = (before.e..before.young.end)
            .step_by(WORD_BYTES as usize)
            .map(|a| get(&mem, a).unwrap())
            .collect();
        let bigger = Block {
            start: 0x10000,
            end: 0x18000,
        };
        move_young(&mut mem, CONTEXT, bigger).unwrap();
        let after = Layout::read(&mem, CONTEXT).unwrap();
        assert_eq!(after.young, bigger);
        let moved: Vec<Term> = (after.e..after.young.end)
            .step_by(WORD_BYTES as usize)
            .map(|a| get(&mem, a).unwrap())
            .collect();
        assert_eq!(words, moved);
    }

    #[test]
    fn sub_binaries_and_match_states_keep_their_original() {
        let mut mem = vec![0u8; 0x10000];
        init(&mut mem, CONTEXT, YOUNG).unwrap();
        let (list, top) = {
            let mut w = HeapWriter::new(&mut mem, YOUNG.start, YOUNG.end);
            let _garbage = w.binary(&[9; 40]).unwrap();
            let bin = w.binary(&[1, 2, 3, 4, 5]).unwrap();
            let sub = w.sub_binary(bin, 4, 21).unwrap();
            let ms = w.match_state(bin, 8, 40).unwrap();
            let refc = w.refc_binary(0x4000, 3).unwrap();
            let list = w.list(&[sub, ms, bin, refc], term::NIL).unwrap();
            (list, w.top())
        };
        let mut layout = Layout::read(&mem, CONTEXT).unwrap();
        layout.heap_top = top;
        layout.old = OLD;
        layout.old_top = OLD.start;
        layout.write(&mut mem, CONTEXT).unwrap();
        let mut roots = [list];
        minor(&mut mem, CONTEXT, 0, &mut roots, &[]).unwrap();
        // Copied: 4 cells, the 5-byte binary once (shared: header, size, one data word), sub
        // binary, match state, ProcBin.
        let layout = Layout::read(&mem, CONTEXT).unwrap();
        assert_eq!(layout.old_used(), term::word(8 + 3 + 4 + 4 + 3));
        let heap = Heap::new(&mem);
        let (sub, rest) = heap.cons(term::address(roots[0])).unwrap();
        let (ms, rest) = heap.cons(term::address(rest)).unwrap();
        let (bin, _) = heap.cons(term::address(rest)).unwrap();
        assert!(OLD.contains(term::address(bin)));
        assert_eq!(
            heap.word(term::address(sub) + term::sub_binary::ORIGINAL)
                .unwrap(),
            bin
        );
        assert_eq!(
            heap.word(term::address(ms) + term::match_state::ORIGINAL)
                .unwrap(),
            bin
        );
        assert_eq!(
            heap.word(term::address(ms) + term::match_state::POSITION)
                .unwrap(),
            8
        );
    }

    #[test]
    fn a_long_list_is_copied_without_recursion() {
        let n = 200_000u32;
        let young = Block {
            start: YOUNG.start,
            end: YOUNG.start + term::list_cell::BYTES * n + 64,
        };
        let old = Block {
            start: young.end,
            end: young.end + term::list_cell::BYTES * n + 64,
        };
        let mut mem = vec![0u8; old.end as usize];
        init(&mut mem, CONTEXT, young).unwrap();
        let mut list = term::NIL;
        let top = {
            let mut w = HeapWriter::new(&mut mem, young.start, young.end);
            for i in 0..n {
                list = w.cons(term::small(i as i64), list).unwrap();
            }
            w.top()
        };
        let mut layout = Layout::read(&mem, CONTEXT).unwrap();
        layout.heap_top = top;
        layout.old = old;
        layout.old_top = old.start;
        layout.write(&mut mem, CONTEXT).unwrap();
        let mut roots = [list];
        minor(&mut mem, CONTEXT, 0, &mut roots, &[]).unwrap();
        assert_eq!(
            Layout::read(&mem, CONTEXT).unwrap().old_used(),
            term::list_cell::BYTES * n
        );
        let (head, _) = Heap::new(&mem).cons(term::address(roots[0])).unwrap();
        assert_eq!(head, term::small(n as i64 - 1));
    }
}
