//! What the stackifier's tests, fuzz target and benches share, engine-free: random and
//! byte-decoded graph generators, a CFG interpreter (the reference semantics), and the WASM
//! module a batch of graphs is emitted into. The harness that executes those modules and
//! compares them with the interpreter is `tests/support/stackify_harness.rs`.
//!
//! A test graph is a `Cfg<BlockId>` (the payload is the id to trace). Each block's wasm code
//! calls the import `trace(id)`, then per terminator: `Branch`/`Switch` call `decide()` for
//! the condition/index, `Dispatch` calls `decide()` for the label value, `Exit` returns 0.
//! [`interpret`] runs the same graph in Rust over the same decisions; both stop identically
//! when the decisions run out (`decide` traps) or after `step_budget` traced blocks, so whole
//! runs (trace, decisions consumed, why it stopped) compare exactly.

use std::collections::HashMap;

use wasm_encoder::{
    CodeSection, EntityType, ExportKind, ExportSection, Function, FunctionSection, ImportSection,
    Module, TypeSection, ValType,
};

use crate::cfg::{BlockId, Cfg, Terminator};
use crate::stackify::{stackify, LabelStorage, StackifyError, StackifyOptions, Structured};

pub type TestCfg = Cfg<BlockId>;

/// Why a run stopped.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Stop {
    /// An `Exit` block returned.
    Exit,
    /// A block needed a decision and none was left.
    OutOfDecisions,
    /// `step_budget` blocks were traced and another one was about to run.
    StepBudget,
    /// An unknown label value reached the dispatcher without a default.
    Trap,
    /// The engine failed in some other way (always a divergence).
    Engine(String),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Run {
    pub trace: Vec<u32>,
    pub decisions_used: usize,
    pub stop: Stop,
}

/// The reference semantics: walks `cfg` from the entry of `start_label`.
pub fn interpret(cfg: &TestCfg, start_label: u32, decisions: &[u32], step_budget: usize) -> Run {
    Interpreter::new(cfg).run(start_label, decisions, step_budget)
}

/// [`interpret`] with the label table built once per graph.
pub struct Interpreter<'a> {
    cfg: &'a TestCfg,
    labels: HashMap<u32, BlockId>,
}

impl<'a> Interpreter<'a> {
    pub fn new(cfg: &'a TestCfg) -> Self {
        Interpreter {
            cfg,
            labels: cfg.entries().iter().copied().collect(),
        }
    }

    fn resolve(&self, value: u32) -> Option<BlockId> {
        self.labels
            .get(&value)
            .copied()
            .or(self.cfg.dispatch_default())
    }

    pub fn run(&self, start_label: u32, decisions: &[u32], step_budget: usize) -> Run {
        let (cfg, resolve) = (self.cfg, |value| self.resolve(value));
        let mut run = Run {
            trace: Vec::new(),
            decisions_used: 0,
            stop: Stop::Exit,
        };
        let next_decision = |run: &mut Run| {
            let decision = decisions.get(run.decisions_used).copied();
            if decision.is_some() {
                run.decisions_used += 1;
            }
            decision
        };
        let Some(mut block) = resolve(start_label) else {
            run.stop = Stop::Trap;
            return run;
        };
        loop {
            if run.trace.len() >= step_budget {
                run.stop = Stop::StepBudget;
                return run;
            }
            let current = cfg.block(block);
            run.trace.push(current.payload.0);
            let needs_decision =
                !matches!(current.terminator, Terminator::Jump(_) | Terminator::Exit);
            let decision = if needs_decision {
                match next_decision(&mut run) {
                    Some(decision) => decision,
                    None => {
                        run.stop = Stop::OutOfDecisions;
                        return run;
                    }
                }
            } else {
                0
            };
            block = match &current.terminator {
                Terminator::Exit => {
                    run.stop = Stop::Exit;
                    return run;
                }
                Terminator::Jump(target) => *target,
                Terminator::Branch { if_true, if_false } => {
                    if decision != 0 {
                        *if_true
                    } else {
                        *if_false
                    }
                }
                Terminator::Switch { targets, default } => {
                    *targets.get(decision as usize).unwrap_or(default)
                }
                Terminator::Dispatch => match resolve(decision) {
                    Some(target) => target,
                    None => {
                        run.stop = Stop::Trap;
                        return run;
                    }
                },
            };
        }
    }
}

/// One execution to compare: graph index in the batch, start label, decisions.
#[derive(Clone, Debug)]
pub struct Case {
    pub graph: usize,
    pub start_label: u32,
    pub decisions: Vec<u32>,
}

#[derive(Clone, Debug)]
pub struct Divergence {
    pub case: Case,
    pub expected: Run,
    pub actual: Run,
}

/// Builds the wasm module for a batch of graphs. To keep the engine's per-function cost low,
/// up to `group` graphs share one wasm function: a `br_table` on param 0 (`ctx`, unused by
/// the graphs) picks the graph, whose stackified code is embedded unchanged. The only export
/// is `run(graph, label)`.
pub fn build_module(
    graphs: &[TestCfg],
    options: &StackifyOptions,
    group: usize,
) -> Result<(Vec<u8>, Vec<Structured>), StackifyError> {
    let group = group.max(1);
    let mut types = TypeSection::new();
    types.ty().function([ValType::I32], []);
    types.ty().function([], [ValType::I32]);
    types.ty().function([ValType::I32; 4], [ValType::I32]);
    types.ty().function([ValType::I32; 2], [ValType::I32]);
    let mut imports = ImportSection::new();
    imports.import("env", "trace", EntityType::Function(0));
    imports.import("env", "decide", EntityType::Function(1));
    let mut functions = FunctionSection::new();
    let mut code = CodeSection::new();
    let mut all = Vec::with_capacity(graphs.len());
    for chunk in graphs.chunks(group) {
        functions.function(2);
        let mut func = Function::new([]);
        let count = chunk.len() as u32;
        open_case_blocks(&mut func, 0, count);
        for cfg in chunk {
            func.instructions().end();
            let structured = stackify(cfg, options)?;
            // The dispatcher's label goes through global 0, as in beamwasm's own modules.
            let labels = LabelStorage {
                local: 3,
                dispatch_global: Some(0),
            };
            structured.emit_instructions(cfg, &mut func, labels, |id, payload, func| {
                let mut sink = func.instructions();
                sink.i32_const(payload.0 as i32).call(0);
                match cfg.block(id).terminator {
                    Terminator::Jump(_) => {}
                    Terminator::Exit => {
                        sink.i32_const(0).return_();
                    }
                    _ => {
                        sink.call(1);
                    }
                }
                Ok(())
            })?;
            all.push(structured);
        }
        func.instructions().end().unreachable().end();
        code.function(&func);
    }
    // run(graph, label) calls function graph / group with ctx = graph % group.
    let function_count = graphs.len().div_ceil(group) as u32;
    functions.function(3);
    let mut run = Function::new([(1, ValType::I32)]);
    run.instructions()
        .local_get(0)
        .i32_const(group as i32)
        .i32_div_u()
        .local_set(2);
    open_case_blocks(&mut run, 2, function_count);
    for index in 0..function_count {
        run.instructions()
            .end()
            .local_get(0)
            .i32_const(group as i32)
            .i32_rem_u()
            .i32_const(0)
            .i32_const(0)
            .local_get(1)
            .call(2 + index)
            .return_();
    }
    run.instructions().end().unreachable().end();
    code.function(&run);
    let mut exports = ExportSection::new();
    exports.export("run", ExportKind::Func, 2 + function_count);
    let globals = crate::stackify::mutable_i32_globals(1);
    let mut module = Module::new();
    module
        .section(&types)
        .section(&imports)
        .section(&functions)
        .section(&globals)
        .section(&exports)
        .section(&code);
    Ok((module.finish(), all))
}

/// `block` × (count + 1) then `br_table` on local `index`: after the k-th `end` the code
/// for case k follows; out of range falls to the last `end`.
fn open_case_blocks(func: &mut Function, index: u32, count: u32) {
    let mut sink = func.instructions();
    for _ in 0..=count {
        sink.block(wasm_encoder::BlockType::Empty);
    }
    sink.local_get(index).br_table(0..count, count);
}

/// Every registered label value, plus two that no entry uses (a hole or the value just past
/// the synthetic ones), so the default/trap path is exercised too.
pub fn start_labels(cfg: &TestCfg, structured: &Structured) -> Vec<u32> {
    let mut labels: Vec<u32> = cfg.entries().iter().map(|(value, _)| *value).collect();
    labels.sort_unstable();
    labels.dedup();
    let past = structured.first_synthetic_label() + structured.stats().synthetic_labels;
    labels.push(past);
    labels.push(u32::MAX);
    labels
}

/// Decisions that are interesting for `cfg`: small indexes, both branch outcomes, entry
/// labels and unknown labels (never one of the stackifier's synthetic label values).
pub fn random_decisions(
    rng: &mut TestRng,
    cfg: &TestCfg,
    structured: &Structured,
    len: usize,
) -> Vec<u32> {
    let widest_switch = cfg
        .blocks()
        .map(|(_, block)| match &block.terminator {
            Terminator::Switch { targets, .. } => targets.len(),
            _ => 2,
        })
        .max()
        .unwrap_or(2) as u64;
    let labels = structured.first_synthetic_label() as u64;
    let synthetic_start = structured.first_synthetic_label();
    let synthetic_end = synthetic_start + structured.stats().synthetic_labels;
    (0..len)
        .map(|_| {
            let value = match rng.below(10) {
                0..=4 => rng.below(widest_switch + 2) as u32,
                5 | 6 => rng.below(labels + 2) as u32,
                7 => [u32::MAX, 0x8000_0000, 1][rng.below(3) as usize],
                8 => rng.below(2) as u32,
                _ => rng.next_u64() as u32,
            };
            if (synthetic_start..synthetic_end).contains(&value) {
                synthetic_end + (value - synthetic_start)
            } else {
                value
            }
        })
        .collect()
}

/// SplitMix64: deterministic, dependency-free randomness for generators.
#[derive(Clone, Debug)]
pub struct TestRng(u64);

impl TestRng {
    pub fn new(seed: u64) -> Self {
        TestRng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..bound` (0 when `bound == 0`).
    pub fn below(&mut self, bound: u64) -> u64 {
        if bound == 0 {
            0
        } else {
            self.next_u64() % bound
        }
    }

    pub fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
}

/// Registers every block as an entry with label value = its index.
pub fn enter_everywhere(cfg: &mut TestCfg) {
    for index in 0..cfg.len() as u32 {
        cfg.add_entry(index, BlockId(index));
    }
}

fn new_graph(len: usize) -> TestCfg {
    let mut cfg = Cfg::with_capacity(len);
    for index in 0..len as u32 {
        cfg.add_block(BlockId(index), Terminator::Exit);
    }
    cfg
}

/// Binaryen `fuzz_relooper.py` style: `len` blocks, each with 0..k successors drawn
/// uniformly, `density` in percent scales k; a mix of branches and switches.
pub fn binaryen_style(rng: &mut TestRng, len: usize, density: u64) -> TestCfg {
    let mut cfg = new_graph(len);
    let max_out = 1 + density * 4 / 100;
    for index in 0..len {
        let out = rng.below(max_out + 1);
        let pick = |rng: &mut TestRng| BlockId(rng.below(len as u64) as u32);
        let terminator = match out {
            0 if rng.chance(70) => Terminator::Exit,
            0 => Terminator::Dispatch,
            1 => Terminator::Jump(pick(rng)),
            2 => Terminator::Branch {
                if_true: pick(rng),
                if_false: pick(rng),
            },
            _ => Terminator::Switch {
                targets: (0..out - 1).map(|_| pick(rng)).collect(),
                default: pick(rng),
            },
        };
        cfg.set_terminator(BlockId(index as u32), terminator);
    }
    cfg.add_entry(0, BlockId(0));
    for _ in 0..rng.below(4) {
        let block = rng.below(len as u64) as u32;
        if cfg.entries().iter().all(|(_, b)| b.0 != block) {
            cfg.add_entry(cfg.entries().len() as u32 + 1, BlockId(block));
        }
    }
    cfg
}

/// BEAM-like: mostly short forward edges (fail labels, fall-through), few back edges
/// (receive loops, self tail calls), some switches (`select_val`), exits, function entries,
/// returns through the dispatcher, and occasional cross-function tail jumps.
pub fn beam_like(rng: &mut TestRng, len: usize) -> TestCfg {
    let mut cfg = new_graph(len);
    let near = |rng: &mut TestRng, from: usize| {
        let hop = 1 + rng.below(6) as usize;
        BlockId(((from + hop).min(len - 1)) as u32)
    };
    let mut function_start = 0;
    for index in 0..len {
        if index == function_start || rng.chance(3) {
            function_start = index;
            cfg.add_entry(cfg.entries().len() as u32, BlockId(index as u32));
        }
        let last = index + 1 >= len;
        let roll = rng.below(100);
        let terminator = if last || roll < 10 {
            if rng.chance(50) {
                Terminator::Exit
            } else {
                Terminator::Dispatch
            }
        } else if roll < 40 {
            Terminator::Jump(near(rng, index))
        } else if roll < 85 {
            Terminator::Branch {
                if_true: near(rng, index),
                if_false: near(rng, index),
            }
        } else if roll < 92 {
            let arms = 2 + rng.below(6);
            Terminator::Switch {
                targets: (0..arms).map(|_| near(rng, index)).collect(),
                default: near(rng, index),
            }
        } else if roll < 97 {
            // Loop back within the current function (receive loop or self tail call).
            let back = function_start + rng.below((index - function_start + 1) as u64) as usize;
            Terminator::Branch {
                if_true: BlockId(back as u32),
                if_false: near(rng, index),
            }
        } else {
            // Tail call to another function's entry.
            let entries = cfg.entries();
            let (_, target) = entries[rng.below(entries.len() as u64) as usize];
            Terminator::Jump(target)
        };
        cfg.set_terminator(BlockId(index as u32), terminator);
    }
    cfg
}

/// Uniform random successors: mostly irreducible once a few entries are added.
pub fn uniform(rng: &mut TestRng, len: usize, entries: usize) -> TestCfg {
    let mut cfg = new_graph(len);
    for index in 0..len {
        let pick = |rng: &mut TestRng| BlockId(rng.below(len as u64) as u32);
        let terminator = match rng.below(8) {
            0 => Terminator::Exit,
            1 => Terminator::Dispatch,
            2 | 3 => Terminator::Jump(pick(rng)),
            4..=6 => Terminator::Branch {
                if_true: pick(rng),
                if_false: pick(rng),
            },
            _ => Terminator::Switch {
                targets: (0..1 + rng.below(4)).map(|_| pick(rng)).collect(),
                default: pick(rng),
            },
        };
        cfg.set_terminator(BlockId(index as u32), terminator);
    }
    for value in 0..entries.clamp(1, len) as u32 {
        cfg.add_entry(value, BlockId(rng.below(len as u64) as u32));
    }
    dedup_entries(&mut cfg);
    cfg
}

fn dedup_entries(cfg: &mut TestCfg) {
    let mut seen = std::collections::HashSet::new();
    let kept: Vec<(u32, BlockId)> = cfg
        .entries()
        .iter()
        .copied()
        .filter(|(value, _)| seen.insert(*value))
        .collect();
    let mut fresh = Cfg::with_capacity(cfg.len());
    for (_, block) in cfg.blocks() {
        fresh.add_block(block.payload, block.terminator.clone());
    }
    for (value, block) in kept {
        fresh.add_entry(value, block);
    }
    fresh.set_dispatch_default(cfg.dispatch_default());
    *cfg = fresh;
}

/// The complete graph Kₙ (with self-loops): every block switches to every block; the
/// default of block 0 leads to an extra exit block so runs can end.
pub fn complete(len: usize, entries: usize) -> TestCfg {
    let mut cfg = new_graph(len);
    let exit = cfg.add_block(BlockId(len as u32), Terminator::Exit);
    for index in 0..len {
        let default = if index == 0 {
            exit
        } else {
            BlockId(index as u32)
        };
        cfg.set_terminator(
            BlockId(index as u32),
            Terminator::Switch {
                targets: (0..len as u32).map(BlockId).collect(),
                default,
            },
        );
    }
    for value in 0..entries.clamp(1, len) as u32 {
        cfg.add_entry(value, BlockId(value));
    }
    cfg
}

/// A `select_val`-like switch with `arms` targets, each arm a small block rejoining a tail.
pub fn huge_switch(rng: &mut TestRng, arms: usize) -> TestCfg {
    let mut cfg: TestCfg = Cfg::with_capacity(arms + 3);
    let head = cfg.add_block(BlockId(0), Terminator::Exit);
    let tail = cfg.add_block(BlockId(1), Terminator::Exit);
    let mut targets = Vec::with_capacity(arms);
    for arm in 0..arms {
        let id = BlockId(cfg.len() as u32);
        let terminator = match rng.below(4) {
            0 => Terminator::Exit,
            1 => Terminator::Jump(head),
            _ => Terminator::Jump(tail),
        };
        cfg.add_block(id, terminator);
        // Some arms share a block, like select_val values with the same label.
        if arm > 0 && rng.chance(10) {
            targets.push(targets[rng.below(targets.len() as u64) as usize]);
        } else {
            targets.push(id);
        }
    }
    cfg.set_terminator(
        head,
        Terminator::Switch {
            targets,
            default: tail,
        },
    );
    cfg.set_terminator(
        tail,
        Terminator::Branch {
            if_true: head,
            if_false: BlockId(2),
        },
    );
    cfg.add_entry(0, head);
    cfg
}

/// Interprets fuzzer bytes as a graph: a block count, then per block a terminator kind and
/// successor bytes; then entries. Always valid.
pub fn cfg_from_bytes(data: &[u8]) -> TestCfg {
    let mut bytes = data.iter().copied();
    let mut next = move || bytes.next().unwrap_or(0);
    let len = 1 + (next() as usize % 40);
    let mut cfg = new_graph(len);
    let pick = |next: &mut dyn FnMut() -> u8| BlockId((next() as usize % len) as u32);
    for index in 0..len {
        let terminator = match next() % 6 {
            0 => Terminator::Exit,
            1 => Terminator::Dispatch,
            2 => Terminator::Jump(pick(&mut next)),
            3 | 4 => Terminator::Branch {
                if_true: pick(&mut next),
                if_false: pick(&mut next),
            },
            _ => {
                let arms = next() % 6;
                Terminator::Switch {
                    targets: (0..arms).map(|_| pick(&mut next)).collect(),
                    default: pick(&mut next),
                }
            }
        };
        cfg.set_terminator(BlockId(index as u32), terminator);
    }
    let entries = 1 + next() as usize % 4;
    for _ in 0..entries {
        let value = (next() % 8) as u32;
        let block = pick(&mut next);
        if cfg.entries().iter().all(|(v, _)| *v != value) {
            cfg.add_entry(value, block);
        }
    }
    if next() % 4 == 0 {
        let block = pick(&mut next);
        cfg.set_dispatch_default(Some(block));
    }
    cfg
}
