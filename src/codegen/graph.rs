//! The module's control-flow graph as lowering builds it: a `cfg::Cfg` whose blocks hold WASM
//! code and end in `cfg::Terminator`s, the block being filled, and the entries. Lowering fills
//! it; both emissions read the finished graph.

use std::collections::HashSet;

use wasm_encoder::Instruction as W;

use super::Code;
use crate::cfg::{BlockId, Cfg, Terminator};

pub(crate) struct GraphBuilder {
    cfg: Cfg<Code>,
    /// The block being filled; `None` after a terminator until code or a label opens one.
    current: Option<BlockId>,
    entered: HashSet<u32>,
}

impl GraphBuilder {
    pub fn new() -> Self {
        GraphBuilder {
            cfg: Cfg::new(),
            current: None,
            entered: HashSet::new(),
        }
    }

    /// A new empty block; it ends in `Exit` until it is finished otherwise.
    pub fn new_block(&mut self) -> BlockId {
        self.cfg.add_block(Vec::new(), Terminator::Exit)
    }

    /// A new block of `code` ending in `terminator`, outside the code being lowered.
    pub fn add_block(&mut self, code: Code, terminator: Terminator) -> BlockId {
        self.cfg.add_block(code, terminator)
    }

    /// Registers `label` as entering `block`, once: a later registration of the same label
    /// changes nothing.
    pub fn add_entry(&mut self, label: u32, block: BlockId) {
        if self.entered.insert(label) {
            self.cfg.add_entry(label, block);
        }
    }

    pub fn current(&self) -> Option<BlockId> {
        self.current
    }

    /// Makes `block` the one being filled (`None`: none until the next label); returns the
    /// one that was.
    pub fn resume(&mut self, block: Option<BlockId>) -> Option<BlockId> {
        std::mem::replace(&mut self.current, block)
    }

    /// The block being filled, opening an unreachable one if there is none.
    pub fn current_or_open(&mut self) -> BlockId {
        match self.current {
            Some(block) => block,
            None => {
                let block = self.new_block();
                self.current = Some(block);
                block
            }
        }
    }

    /// The code of the current block, opening an unreachable one if there is none.
    pub fn code(&mut self) -> &mut Code {
        let block = self.current_or_open();
        &mut self.cfg.block_mut(block).payload
    }

    pub fn emit(&mut self, instructions: impl IntoIterator<Item = W<'static>>) {
        self.code().extend(instructions);
    }

    /// Ends the current block with `terminator`.
    pub fn finish(&mut self, terminator: Terminator) {
        if let Some(block) = self.current.take() {
            self.cfg.set_terminator(block, terminator);
        }
    }

    pub fn into_cfg(self) -> Cfg<Code> {
        self.cfg
    }
}
