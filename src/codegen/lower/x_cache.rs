//! Locals that mirror the first x registers within one block's code, so that a register
//! written and read again, or read twice, is loaded from `ctx` once (Cranelift keeps no value
//! of linear memory across a store, and every instruction's result is stored).
//!
//! Writes go through to `ctx`: memory is always current, so whatever leaves the block, raises
//! or calls the host reads the registers where it always has. What a mirror may miss is a
//! change of `ctx` behind the generated code's back — a call (the host collects, moves terms,
//! writes results), a `memory.copy` or `memory.fill` — so after each of those every mirrored
//! register is loaded again, on that path only. A register is mirrored from the point where it
//! is first read or written; the set of mirrored registers never shrinks inside a structured
//! block, and at its `else` and `end` returns to what it was at the block's start (the other
//! path, or a branch out of it, never set the locals mirrored since), so every branch target
//! inside the code sees only mirrors that are current on every path to it. A new block of the
//! graph starts with none: its predecessors are other code.

use wasm_encoder::Instruction as W;

use super::CTX;
use crate::abi::ctx;
use crate::abi::term::wasm::load_word;
use crate::cfg::BlockId;

/// x registers `0 .. MIRRORED` have a local each, `FIRST_LOCAL + n`.
pub(super) const MIRRORED: u32 = 8;
/// The first mirror local (`i64`s, after the scratch locals).
pub(super) const FIRST_LOCAL: u32 = 12;

#[derive(Default)]
pub(super) struct XCache {
    /// The block whose code the mirrors describe.
    block: Option<BlockId>,
    /// Bit `n`: x register `n`'s local holds its current value.
    valid: u32,
    /// `valid` at the start of each open `block`/`loop`/`if`.
    scopes: Vec<u32>,
}

impl XCache {
    /// Starts describing `block` (with no mirrors) unless it is the one described.
    pub fn enter(&mut self, block: BlockId) {
        if self.block != Some(block) {
            *self = XCache {
                block: Some(block),
                ..XCache::default()
            };
        }
    }

    fn local(n: u32) -> Option<u32> {
        (n < MIRRORED).then_some(FIRST_LOCAL + n)
    }

    /// Pushes x register `n`.
    pub fn load(&mut self, n: u32) -> Vec<W<'static>> {
        match Self::local(n) {
            Some(local) if self.valid & (1 << n) != 0 => vec![W::LocalGet(local)],
            Some(local) => {
                self.valid |= 1 << n;
                vec![W::LocalGet(CTX), load_word(ctx::x(n)), W::LocalTee(local)]
            }
            None => vec![W::LocalGet(CTX), load_word(ctx::x(n))],
        }
    }

    /// After x register `n` was stored from local `value`: its mirror takes the value too.
    pub fn stored(&mut self, n: u32, value: u32) -> Vec<W<'static>> {
        match Self::local(n) {
            Some(local) => {
                self.valid |= 1 << n;
                vec![W::LocalGet(value), W::LocalSet(local)]
            }
            None => Vec::new(),
        }
    }

    /// Follows `instruction` (about to be emitted); returns the code to emit after it.
    pub fn after(&mut self, instruction: &W<'_>) -> Vec<W<'static>> {
        match instruction {
            W::Block(_) | W::Loop(_) | W::If(_) => self.scopes.push(self.valid),
            W::Else => self.valid = self.scopes.last().copied().unwrap_or(0),
            // An `end` of no scope opened here ends code this cache has not followed.
            W::End => self.valid = self.scopes.pop().unwrap_or(0),
            W::Call(_) | W::CallIndirect { .. } | W::MemoryCopy { .. } | W::MemoryFill(_) => {
                return self.reload();
            }
            _ => {}
        }
        Vec::new()
    }

    /// Loads every mirrored register again from `ctx`.
    fn reload(&self) -> Vec<W<'static>> {
        (0..MIRRORED)
            .filter(|n| self.valid & (1 << n) != 0)
            .flat_map(|n| {
                [
                    W::LocalGet(CTX),
                    load_word(ctx::x(n)),
                    W::LocalSet(FIRST_LOCAL + n),
                ]
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use wasm_encoder::BlockType;

    use super::*;

    fn cache() -> XCache {
        let mut cache = XCache::default();
        cache.enter(BlockId(0));
        cache
    }

    #[test]
    fn a_register_is_loaded_once_and_written_through() {
        let mut cache = cache();
        assert_eq!(cache.load(1).len(), 3, "first read loads from ctx");
        assert!(matches!(cache.load(1)[..], [W::LocalGet(l)] if l == FIRST_LOCAL + 1));
        assert_eq!(cache.stored(2, 4).len(), 2);
        assert!(matches!(cache.load(2)[..], [W::LocalGet(_)]));
        // Past the mirrored registers: always memory.
        assert_eq!(cache.load(MIRRORED).len(), 2);
        assert_eq!(cache.load(MIRRORED).len(), 2);
    }

    #[test]
    fn mirrors_opened_inside_a_branch_end_with_it_and_calls_reload() {
        let mut cache = cache();
        cache.load(0);
        assert!(cache.after(&W::If(BlockType::Empty)).is_empty());
        cache.load(3);
        assert_eq!(cache.after(&W::Call(7)).len(), 6, "x0 and x3 reloaded");
        cache.after(&W::Else);
        assert_eq!(cache.load(3).len(), 3, "the else path never set x3's local");
        cache.after(&W::End);
        assert!(matches!(cache.load(0)[..], [W::LocalGet(_)]));
        assert_eq!(cache.load(3).len(), 3);
        // Another block starts with no mirrors.
        cache.enter(BlockId(1));
        assert_eq!(cache.load(0).len(), 3);
    }
}
