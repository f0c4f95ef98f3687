//! The generic control-flow graph consumed by the stackifier.
//!
//! Blocks live in a plain vector indexed by [`BlockId`] (fast for 100k+ blocks); a
//! [`petgraph`] view is available through [`Cfg::to_petgraph`] for analyses and tests that
//! want a library graph.

use petgraph::graph::{DiGraph, NodeIndex};

/// Index of a block in its [`Cfg`]. Ids are dense: `0..cfg.len()`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct BlockId(pub u32);

impl BlockId {
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// How control leaves a block. The block's own code leaves any value the transfer needs on
/// the wasm stack; the stackifier emits the transfer itself.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Terminator {
    /// Unconditional jump.
    Jump(BlockId),
    /// An i32 condition is on the stack: nonzero goes to `if_true`.
    Branch { if_true: BlockId, if_false: BlockId },
    /// An i32 index is on the stack: `targets[index]`, or `default` when out of range
    /// (unsigned comparison).
    Switch {
        targets: Vec<BlockId>,
        default: BlockId,
    },
    /// An i32 label value is on the stack: continue at the entry registered for it (through
    /// the top-level dispatcher), or at the dispatch default.
    Dispatch,
    /// The block's code already left the function (`return`, `return_call*`, `unreachable`).
    Exit,
}

impl Terminator {
    /// Calls `f` for every outgoing edge, in order: `Branch` gives `if_true` then `if_false`;
    /// `Switch` gives its targets then `default`.
    pub fn for_each_successor(&self, mut f: impl FnMut(BlockId)) {
        match self {
            Terminator::Jump(target) => f(*target),
            Terminator::Branch { if_true, if_false } => {
                f(*if_true);
                f(*if_false);
            }
            Terminator::Switch { targets, default } => {
                targets.iter().copied().for_each(&mut f);
                f(*default);
            }
            Terminator::Dispatch | Terminator::Exit => {}
        }
    }

    /// Number of outgoing edges counted by [`Terminator::for_each_successor`].
    pub fn edge_count(&self) -> usize {
        match self {
            Terminator::Jump(_) => 1,
            Terminator::Branch { .. } => 2,
            Terminator::Switch { targets, .. } => targets.len() + 1,
            Terminator::Dispatch | Terminator::Exit => 0,
        }
    }
}

/// One block: the caller's payload (its code, or whatever the emitter needs) and its exit.
#[derive(Clone, Debug)]
pub struct Block<P> {
    pub payload: P,
    pub terminator: Terminator,
}

/// Problems found by [`Cfg::validate`].
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum CfgError {
    #[error("block {from:?} jumps to {to:?}, but the graph has only {len} blocks")]
    DanglingTarget {
        from: BlockId,
        to: BlockId,
        len: usize,
    },
    #[error("entry label {label} points to block {block:?}, but the graph has only {len} blocks")]
    DanglingEntry {
        label: u32,
        block: BlockId,
        len: usize,
    },
    #[error("entry label {label} is registered twice")]
    DuplicateEntry { label: u32 },
    #[error("the graph has {0} blocks; at most u32::MAX - 2 are supported")]
    TooManyBlocks(usize),
}

/// A control-flow graph with entries reached through the `label` parameter.
#[derive(Clone, Debug, Default)]
pub struct Cfg<P> {
    blocks: Vec<Block<P>>,
    /// `(label value, block)` in registration order.
    entries: Vec<(u32, BlockId)>,
    dispatch_default: Option<BlockId>,
}

impl<P> Cfg<P> {
    pub fn new() -> Self {
        Cfg {
            blocks: Vec::new(),
            entries: Vec::new(),
            dispatch_default: None,
        }
    }

    pub fn with_capacity(blocks: usize) -> Self {
        Cfg {
            blocks: Vec::with_capacity(blocks),
            entries: Vec::new(),
            dispatch_default: None,
        }
    }

    /// Adds a block; its terminator may name blocks that are added later.
    pub fn add_block(&mut self, payload: P, terminator: Terminator) -> BlockId {
        let id = BlockId(self.blocks.len() as u32);
        self.blocks.push(Block {
            payload,
            terminator,
        });
        id
    }

    pub fn set_terminator(&mut self, block: BlockId, terminator: Terminator) {
        self.blocks[block.index()].terminator = terminator;
    }

    /// Registers `label_value` (a value of the `label` parameter, or pushed before a
    /// `Dispatch`) as entering `block`. Several values may enter the same block.
    pub fn add_entry(&mut self, label_value: u32, block: BlockId) {
        self.entries.push((label_value, block));
    }

    /// Where the dispatcher goes for unknown label values; without one it traps.
    pub fn set_dispatch_default(&mut self, block: Option<BlockId>) {
        self.dispatch_default = block;
    }

    pub fn dispatch_default(&self) -> Option<BlockId> {
        self.dispatch_default
    }

    pub fn entries(&self) -> &[(u32, BlockId)] {
        &self.entries
    }

    pub fn len(&self) -> usize {
        self.blocks.len()
    }

    pub fn is_empty(&self) -> bool {
        self.blocks.is_empty()
    }

    pub fn block_mut(&mut self, id: BlockId) -> &mut Block<P> {
        &mut self.blocks[id.index()]
    }

    pub fn block(&self, id: BlockId) -> &Block<P> {
        &self.blocks[id.index()]
    }

    pub fn blocks_mut(&mut self) -> impl ExactSizeIterator<Item = (BlockId, &mut Block<P>)> {
        self.blocks
            .iter_mut()
            .enumerate()
            .map(|(index, block)| (BlockId(index as u32), block))
    }

    pub fn blocks(&self) -> impl ExactSizeIterator<Item = (BlockId, &Block<P>)> {
        self.blocks
            .iter()
            .enumerate()
            .map(|(index, block)| (BlockId(index as u32), block))
    }

    /// The block an entry label value leads to, as the dispatcher resolves it.
    pub fn resolve_label(&self, label_value: u32) -> Option<BlockId> {
        self.entries
            .iter()
            .find(|(value, _)| *value == label_value)
            .map(|(_, block)| *block)
            .or(self.dispatch_default)
    }

    /// Checks that every referenced block exists and that entry labels are unique.
    pub fn validate(&self) -> Result<(), CfgError> {
        let len = self.blocks.len();
        if len > (u32::MAX - 2) as usize {
            return Err(CfgError::TooManyBlocks(len));
        }
        for (from, block) in self.blocks() {
            let mut dangling = None;
            block.terminator.for_each_successor(|to| {
                if to.index() >= len && dangling.is_none() {
                    dangling = Some(to);
                }
            });
            if let Some(to) = dangling {
                return Err(CfgError::DanglingTarget { from, to, len });
            }
        }
        let default_entry = self.dispatch_default.map(|block| (u32::MAX, block));
        for &(label, block) in self.entries.iter().chain(default_entry.iter()) {
            if block.index() >= len {
                return Err(CfgError::DanglingEntry { label, block, len });
            }
        }
        let mut labels: Vec<u32> = self.entries.iter().map(|(value, _)| *value).collect();
        labels.sort_unstable();
        if let Some(pair) = labels.windows(2).find(|pair| pair[0] == pair[1]) {
            return Err(CfgError::DuplicateEntry { label: pair[0] });
        }
        Ok(())
    }

    /// A petgraph copy of the edges (one graph edge per terminator edge, duplicates kept);
    /// node `i` is block `i`. `Dispatch` edges are not represented.
    pub fn to_petgraph(&self) -> DiGraph<BlockId, ()> {
        let edges: usize = self.blocks.iter().map(|b| b.terminator.edge_count()).sum();
        let mut graph = DiGraph::with_capacity(self.blocks.len(), edges);
        for (id, _) in self.blocks() {
            graph.add_node(id);
        }
        for (id, block) in self.blocks() {
            block.terminator.for_each_successor(|to| {
                graph.add_edge(NodeIndex::new(id.index()), NodeIndex::new(to.index()), ());
            });
        }
        graph
    }
}
