//! Control-flow graph to structured WASM (`block`/`loop`/`br_table`) under a label dispatcher.
//!
//! One wasm function holds the whole graph:
//!
//! ```text
//! loop $dispatch
//!   block ... (merge-node blocks of the entries)
//!     local.get $label
//!     br_table <entry for each label value> <default or trap>
//!   ... the blocks' code, nested per Ramsey's "Beyond Relooper" ...
//! end
//! unreachable
//! ```
//!
//! [`stackify`] analyses a [`Cfg`] and produces a [`Structured`] token list; [`Structured::emit`]
//! writes it into a `wasm_encoder::Function`, calling back for each block's code. See
//! `docs/stackify.md` for the algorithm and its invariants.

mod analysis;
mod structure;
pub mod testing;

use crate::cfg::{BlockId, Cfg, CfgError};
use wasm_encoder::{BlockType, Function};

/// Most targets of one emitted `br_table` (V8 rejects more than 65,520; we stay one below
/// so that the default fits as well).
pub const MAX_BR_TABLE_TARGETS: usize = 65_519;
/// Targets per second-level table when a switch or the dispatcher is split.
pub(crate) const BR_TABLE_CHUNK: usize = MAX_BR_TABLE_TARGETS;
/// Largest function body accepted by V8 and by wasmparser (the validator of the other engines).
pub const MAX_BODY_BYTES: usize = 7_654_321;
/// Most locals (including parameters) accepted by V8 and wasmparser.
pub const MAX_LOCALS: u64 = 50_000;
/// Every wasm label must have fewer predecessors than this (V8 Turboshaft, crbug 481074858).
pub const MAX_LABEL_PREDECESSORS: u64 = 65_535;
/// `br $dispatch` edges per funnel block before another funnel is opened.
pub(crate) const FUNNEL_CAPACITY: u64 = 60_000;
/// Nesting depth above which some tools (wabt) refuse the output; only reported.
pub const NESTING_WARNING_DEPTH: u32 = 1_024;

/// Where the emitted code keeps the `label` value. The dispatcher switches on `local`; a branch
/// back to the dispatcher stores the next label first. Stored in `local` too, that value is one
/// variable live across the whole loop, which every `br $dispatch` redefines: an SSA compiler
/// then builds a phi with thousands of inputs at the loop header, and Cranelift's register
/// allocator is quadratic in it (4.6 s instead of 2 s for OTP's `unicode_util`). Through
/// `dispatch_global` (a mutable `i32` global the caller declares), nothing is live across it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LabelStorage {
    /// The `label` local: param 3 in the beamwasm ABI; also parks switch indices.
    pub local: u32,
    /// The global carrying the label from a `br $dispatch` to the loop header, if any.
    pub dispatch_global: Option<u32>,
}

/// `count` mutable `i32` globals starting at 0: the section that declares a
/// [`LabelStorage::dispatch_global`] (and any globals of the same kind the caller needs).
pub fn mutable_i32_globals(count: u32) -> wasm_encoder::GlobalSection {
    let mut globals = wasm_encoder::GlobalSection::new();
    for _ in 0..count {
        globals.global(
            wasm_encoder::GlobalType {
                val_type: wasm_encoder::ValType::I32,
                mutable: true,
                shared: false,
            },
            &wasm_encoder::ConstExpr::i32_const(0),
        );
    }
    globals
}

impl From<u32> for LabelStorage {
    /// Everything in the local `label_local`.
    fn from(label_local: u32) -> Self {
        LabelStorage {
            local: label_local,
            dispatch_global: None,
        }
    }
}

/// One instruction of the structured output. Blocks, loops and ifs all have empty types.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Token {
    Block,
    Loop,
    If,
    Else,
    End,
    Br(u32),
    BrIf(u32),
    /// Index into the structured output's table list.
    BrTable(u32),
    /// The code of this user block (node index == `BlockId`).
    Code(u32),
    LabelGet,
    LabelSet,
    /// Store the label on the stack for the dispatcher, before a `br` to its loop.
    DispatchSet,
    /// At the top of the dispatcher: the label stored by [`Token::DispatchSet`] into `$label`.
    DispatchLoad,
    I32Const(u32),
    I32Eqz,
    I32Sub,
    I32DivU,
    Unreachable,
}

/// Deliberate miscompilations, used only to prove that the test oracle catches bugs.
#[doc(hidden)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mutation {
    /// Every `Branch` goes the wrong way.
    SwapBranchTargets,
    /// The first `br` that can be deepened targets the next enclosing label instead.
    ShiftBrDepth,
}

#[derive(Clone, Debug, Default)]
pub struct StackifyOptions {
    #[doc(hidden)]
    pub mutation: Option<Mutation>,
}

#[derive(Debug, thiserror::Error)]
pub enum StackifyError {
    #[error(transparent)]
    Cfg(#[from] CfgError),
    #[error("the dispatcher table would need {0} entries (label values too large)")]
    LabelTableTooLarge(u64),
    #[error("a br_table with {0} targets exceeds the engine limit of {MAX_BR_TABLE_TARGETS}")]
    BrTableTooLarge(usize),
    #[error(
        "a wasm label collects {0} branches; engines need fewer than {MAX_LABEL_PREDECESSORS}"
    )]
    TooManyPredecessors(u64),
    #[error("the function body is {0} bytes; engines accept at most {MAX_BODY_BYTES}")]
    BodyTooLarge(usize),
    #[error("the function has {0} locals; engines accept at most {MAX_LOCALS}")]
    TooManyLocals(u64),
    #[error("emitting the code of block {block:?} failed: {source}")]
    Emit {
        block: BlockId,
        source: anyhow::Error,
    },
    #[error("internal stackifier error: {0}")]
    Internal(&'static str),
}

/// Numbers describing one stackified graph.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StackifyStats {
    /// Blocks in the input graph.
    pub blocks: usize,
    /// Blocks reachable from some entry (only these are emitted).
    pub reachable_blocks: usize,
    /// `loop`s emitted, not counting the dispatcher loop.
    pub loops: u32,
    /// Edges routed through the dispatcher to make the graph reducible.
    pub dispatch_edges: usize,
    /// Label values added for dispatched edges whose target had none.
    pub synthetic_labels: u32,
    /// Rounds of the irreducibility fix (1 for a reducible graph).
    pub dispatch_rounds: u32,
    /// Funnel blocks splitting the dispatcher loop's predecessors.
    pub funnels: u32,
    /// Deepest nesting of `block`/`loop`/`if` emitted by the stackifier itself.
    pub max_depth: u32,
    pub br_tables: usize,
    /// Targets of the largest `br_table` (default excluded).
    pub max_br_table: usize,
    /// Most branches (plus fallthrough) collected by one wasm label.
    pub max_label_predecessors: u64,
    /// Instructions in the token list.
    pub tokens: usize,
    /// Bytes of the emitted function body, set by [`Structured::emit`].
    pub body_bytes: Option<usize>,
}

/// The structured form of a graph, ready to emit.
#[derive(Clone, Debug)]
pub struct Structured {
    tokens: Vec<Token>,
    br_tables: Vec<(u32, u32, u32)>,
    br_table_depths: Vec<u32>,
    first_synthetic_label: u32,
    stats: StackifyStats,
}

/// Analyses `cfg` and builds its structured form; checks engine limits that do not depend on
/// the blocks' code.
pub fn stackify<P>(cfg: &Cfg<P>, options: &StackifyOptions) -> Result<Structured, StackifyError> {
    let mut graph = analysis::Graph::new(cfg)?;
    let (order, rounds) = analysis::make_reducible(&mut graph);
    let built = structure::build(cfg, &graph, &order, options.mutation)?;
    let reachable_blocks = order.rpo.iter().filter(|&&node| node < graph.n).count();
    let dispatch_edges = graph.slot_dispatched.iter().filter(|&&d| d).count();
    let mut structured = Structured {
        tokens: built.tokens,
        br_tables: built.br_tables,
        br_table_depths: built.br_table_depths,
        first_synthetic_label: graph.first_synthetic,
        stats: StackifyStats {
            blocks: cfg.len(),
            reachable_blocks,
            loops: built.loops,
            dispatch_edges,
            synthetic_labels: graph.root_table.len() as u32 - graph.first_synthetic,
            dispatch_rounds: rounds,
            funnels: built.funnels,
            ..StackifyStats::default()
        },
    };
    structured.verify()?;
    Ok(structured)
}

/// Checks a local count (parameters included) against the engine limit; the stackifier
/// itself uses no local besides `label`.
pub fn check_local_count(locals: u64) -> Result<(), StackifyError> {
    if locals > MAX_LOCALS {
        return Err(StackifyError::TooManyLocals(locals));
    }
    Ok(())
}

impl Structured {
    pub fn stats(&self) -> &StackifyStats {
        &self.stats
    }

    pub fn tokens(&self) -> &[Token] {
        &self.tokens
    }

    /// Label values `first_synthetic_label()..first_synthetic_label() + synthetic_labels`
    /// are used internally for dispatched edges; callers must not pass them as `label`.
    pub fn first_synthetic_label(&self) -> u32 {
        self.first_synthetic_label
    }

    /// Targets (default last) of the `br_table` at `index` of a [`Token::BrTable`].
    pub fn br_table(&self, index: u32) -> (&[u32], u32) {
        let (start, len, default) = self.br_tables[index as usize];
        (
            &self.br_table_depths[start as usize..(start + len) as usize],
            default,
        )
    }

    /// Our own structural checker (like Cheerp's TokenListVerifier): balanced scopes, every
    /// branch inside a scope, table sizes, predecessors per label; fills the stats.
    fn verify(&mut self) -> Result<(), StackifyError> {
        // (is_loop, predecessors) per open scope; the function body itself is not a target.
        let mut scopes: Vec<(bool, u64)> = Vec::new();
        let (mut max_depth, mut max_table, mut max_preds) = (0u32, 0usize, 0u64);
        fn hit(scopes: &mut [(bool, u64)], depth: u32) -> Result<(), StackifyError> {
            let len = scopes.len();
            if depth as usize >= len {
                return Err(StackifyError::Internal("branch depth out of scope"));
            }
            scopes[len - 1 - depth as usize].1 += 1;
            Ok(())
        }
        for token in &self.tokens {
            match *token {
                Token::Block | Token::If => scopes.push((false, 0)),
                Token::Loop => scopes.push((true, 1)),
                Token::Else if scopes.is_empty() => {
                    return Err(StackifyError::Internal("else outside if"));
                }
                Token::End => {
                    let (is_loop, preds) = scopes
                        .pop()
                        .ok_or(StackifyError::Internal("unbalanced end"))?;
                    let preds = if is_loop { preds } else { preds + 1 };
                    max_preds = max_preds.max(preds);
                    if preds >= MAX_LABEL_PREDECESSORS {
                        return Err(StackifyError::TooManyPredecessors(preds));
                    }
                }
                Token::Br(depth) | Token::BrIf(depth) => hit(&mut scopes, depth)?,
                Token::BrTable(index) => {
                    let (start, len, default) = self.br_tables[index as usize];
                    if len as usize > MAX_BR_TABLE_TARGETS {
                        return Err(StackifyError::BrTableTooLarge(len as usize));
                    }
                    max_table = max_table.max(len as usize);
                    for &depth in &self.br_table_depths[start as usize..(start + len) as usize] {
                        hit(&mut scopes, depth)?;
                    }
                    hit(&mut scopes, default)?;
                }
                _ => {}
            }
            max_depth = max_depth.max(scopes.len() as u32);
        }
        if !scopes.is_empty() {
            return Err(StackifyError::Internal("unclosed scope"));
        }
        self.stats.max_depth = max_depth;
        self.stats.br_tables = self.br_tables.len();
        self.stats.max_br_table = max_table;
        self.stats.max_label_predecessors = max_preds;
        self.stats.tokens = self.tokens.len();
        Ok(())
    }

    /// Writes the complete function body (including the final `end`) into `func`, after any
    /// prologue the caller already wrote. `labels` says where the `label` value lives (param 3
    /// in the beamwasm ABI). `emit_block` writes each reachable block's code once: see
    /// `docs/stackify.md` for what that code must leave on the stack. Returns the body size in
    /// bytes (locals declaration included), checked against [`MAX_BODY_BYTES`].
    pub fn emit<P>(
        &mut self,
        cfg: &Cfg<P>,
        func: &mut Function,
        labels: impl Into<LabelStorage>,
        mut emit_block: impl FnMut(BlockId, &P, &mut Function) -> anyhow::Result<()>,
    ) -> Result<usize, StackifyError> {
        self.emit_wrapped(
            cfg,
            func,
            labels,
            0,
            |id, p, _, f| emit_block(id, p, f),
            |_| {},
        )
    }

    /// Like [`Structured::emit`], inside `wrappers` scopes the caller opened before and closes
    /// in `epilogue` (which writes what follows each of their `end`s). `emit_block` also gets
    /// the number of scopes open around the block's code, wrappers included, so that its code
    /// can branch out to a wrapper: `br (depth - 1)` leaves the outermost one.
    pub fn emit_wrapped<P>(
        &mut self,
        cfg: &Cfg<P>,
        func: &mut Function,
        labels: impl Into<LabelStorage>,
        wrappers: u32,
        emit_block: impl FnMut(BlockId, &P, u32, &mut Function) -> anyhow::Result<()>,
        epilogue: impl FnOnce(&mut Function),
    ) -> Result<usize, StackifyError> {
        self.emit_tokens(cfg, func, labels.into(), wrappers, emit_block)?;
        epilogue(func);
        func.instructions().end();
        let bytes = func.byte_len();
        self.stats.body_bytes = Some(bytes);
        if bytes > MAX_BODY_BYTES {
            return Err(StackifyError::BodyTooLarge(bytes));
        }
        Ok(bytes)
    }

    /// Like [`Structured::emit`] without the function's final `end` and the size check: the
    /// instructions are a self-contained sequence that never falls through (it ends in
    /// `unreachable`), so callers may embed it in a larger body.
    pub fn emit_instructions<P>(
        &self,
        cfg: &Cfg<P>,
        func: &mut Function,
        labels: impl Into<LabelStorage>,
        mut emit_block: impl FnMut(BlockId, &P, &mut Function) -> anyhow::Result<()>,
    ) -> Result<(), StackifyError> {
        self.emit_tokens(cfg, func, labels.into(), 0, |id, p, _, f| {
            emit_block(id, p, f)
        })
    }

    fn emit_tokens<P>(
        &self,
        cfg: &Cfg<P>,
        func: &mut Function,
        labels: LabelStorage,
        wrappers: u32,
        mut emit_block: impl FnMut(BlockId, &P, u32, &mut Function) -> anyhow::Result<()>,
    ) -> Result<(), StackifyError> {
        let LabelStorage {
            local: label_local,
            dispatch_global,
        } = labels;
        if let Some(global) = dispatch_global {
            func.instructions()
                .local_get(label_local)
                .global_set(global);
        }
        let mut depth = wrappers;
        for token in &self.tokens {
            let mut sink = func.instructions();
            match *token {
                Token::Block => {
                    sink.block(BlockType::Empty);
                    depth += 1;
                }
                Token::Loop => {
                    sink.loop_(BlockType::Empty);
                    depth += 1;
                }
                Token::If => {
                    sink.if_(BlockType::Empty);
                    depth += 1;
                }
                Token::Else => {
                    sink.else_();
                }
                Token::End => {
                    sink.end();
                    depth -= 1;
                }
                Token::Br(depth) => {
                    sink.br(depth);
                }
                Token::BrIf(depth) => {
                    sink.br_if(depth);
                }
                Token::BrTable(index) => {
                    let (start, len, default) = self.br_tables[index as usize];
                    let targets = &self.br_table_depths[start as usize..(start + len) as usize];
                    sink.br_table(targets.iter().copied(), default);
                }
                Token::Code(node) => {
                    let block = BlockId(node);
                    emit_block(block, &cfg.block(block).payload, depth, func)
                        .map_err(|source| StackifyError::Emit { block, source })?;
                }
                Token::LabelGet => {
                    sink.local_get(label_local);
                }
                Token::LabelSet => {
                    sink.local_set(label_local);
                }
                Token::DispatchSet => match dispatch_global {
                    Some(global) => {
                        sink.global_set(global);
                    }
                    None => {
                        sink.local_set(label_local);
                    }
                },
                Token::DispatchLoad => {
                    if let Some(global) = dispatch_global {
                        sink.global_get(global).local_set(label_local);
                    }
                }
                Token::I32Const(value) => {
                    sink.i32_const(value as i32);
                }
                Token::I32Eqz => {
                    sink.i32_eqz();
                }
                Token::I32Sub => {
                    sink.i32_sub();
                }
                Token::I32DivU => {
                    sink.i32_div_u();
                }
                Token::Unreachable => {
                    sink.unreachable();
                }
            }
        }
        Ok(())
    }
}
