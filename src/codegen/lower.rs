//! BEAM instructions to basic blocks of WASM code: one block per BEAM label, split after every
//! conditional exit, call and return point. The blocks and their terminators are the module's
//! control-flow graph (a `cfg::Cfg`), which the emission turns into functions.
//!
//! Conventions inside a block's code (see `docs/abi.md`): locals 0..3 are the ABI parameters,
//! x registers live in `ctx`, y registers on the stack at `e`, atoms and literals come from the
//! module data record (`global 0`). Errors never add edges: a failing instruction asks the
//! host where to resume and tail-calls there.

use std::collections::HashMap;

use num_bigint::BigInt;
use wasm_encoder::{BlockType, Instruction as W, MemArg, ValType};

use crate::beam::{BeamModule, Function, Instruction, Opcode, Operand, Term};

mod bits;
mod floats;
mod funs;
mod maps;
mod receive;

use crate::abi::module::{HELPER_CONTINUE, HELPER_PRIMITIVES, MODULE_DATA_GLOBAL};
use crate::abi::{cp, ctx, jit_state, Bif, DataLayout, Primitive, RaiseKind, Site, TraceInfo};

use super::emission::Emission;
use super::graph::GraphBuilder;
use super::{Code, CompileError, CompileOptions};
use crate::cfg::{BlockId, Cfg, Terminator};

pub const CTX: u32 = 0;
pub const JS: u32 = 1;
pub const NI: u32 = 2;
pub const LABEL: u32 = 3;
/// Scratch i32 locals.
const T0: u32 = 4;
const T1: u32 = 5;
const T2: u32 = 6;
const T3: u32 = 7;
/// A scratch local free at the end of every block (for code emitted around blocks).
pub const SCRATCH: u32 = T3;
/// Scratch i64 local (multiplication overflow checks).
const W0: u32 = 8;
/// Scratch f64 local (float arithmetic).
const F0: u32 = 9;
/// Locals after the parameters: `(count, type)`.
pub const LOCALS: [(u32, ValType); 3] = [(4, ValType::I32), (1, ValType::I64), (1, ValType::F64)];
/// The first of the `i32` locals that `void_blocks` adds after [`LOCALS`].
pub const FIRST_EXTRA_LOCAL: u32 = 10;

/// The locals of a function whose code needs `extra` more `i32`s (see `void_blocks`).
pub fn locals(extra: super::void_blocks::ExtraLocals) -> Vec<(u32, ValType)> {
    let mut locals = LOCALS.to_vec();
    if extra.0 > 0 {
        locals.push((extra.0, ValType::I32));
    }
    locals
}

pub struct Lowered {
    /// The module's graph; its entries are the blocks entered from outside.
    pub cfg: Cfg<Code>,
    /// The block of every BEAM label.
    pub label_blocks: HashMap<u32, BlockId>,
    /// Literal terms: LitT's, then constants that need a boxed form (big integers).
    pub literals: Vec<Term>,
    /// The label values a yield may resume at, past the BEAM labels.
    pub entry_count: u32,
    pub trace: TraceInfo,
}

pub(super) fn mem(offset: u32) -> MemArg {
    MemArg {
        offset: offset as u64,
        align: 2,
        memory_index: 0,
    }
}

/// The call of primitive `p` (its arguments on the stack), through its helper.
pub(super) fn primitive_call(primitive: Primitive) -> [W<'static>; 2] {
    [
        W::LocalGet(NI),
        W::Call(HELPER_PRIMITIVES + primitive as u32),
    ]
}

struct Lowerer<'m> {
    module: &'m BeamModule,
    options: &'m CompileOptions,
    emission: &'m mut dyn Emission,
    graph: GraphBuilder,
    label_blocks: HashMap<u32, BlockId>,
    next_entry: u32,
    literals: Vec<Term>,
    big_literals: HashMap<BigInt, u32>,
    /// StrT slices used by bit syntax, as binary literals: `(offset, bytes) -> index`.
    strings: HashMap<(u32, u32), u32>,
    layout: DataLayout,
    function: String,
    arity: u32,
    line: u32,
    /// Index of the function being lowered in `module.functions`.
    function_index: u32,
    /// Whether the code being lowered runs with the function's stack frame pushed (so `cp`
    /// is saved on the stack rather than live in the context).
    frame: bool,
    /// The frame state at labels reached by a branch, recorded at the branch.
    label_frames: HashMap<u32, bool>,
    trace: TraceInfo,
    site_ids: HashMap<Site, u32>,
    /// The entry label of the function being lowered.
    entry_label: u32,
    /// Whether that function counts a reduction at its entry.
    counts_reductions: bool,
    /// The entry labels of the functions that do (`reduction_counting_entries`).
    counting_entries: std::collections::HashSet<u32>,
}

fn unsupported(module: &BeamModule, function: &str, arity: u32, what: String) -> CompileError {
    CompileError::Unsupported {
        module: module.name.clone(),
        function: format!("{function}/{arity}"),
        what,
    }
}

pub fn lower(
    module: &BeamModule,
    options: &CompileOptions,
    emission: &mut dyn Emission,
) -> Result<Lowered, CompileError> {
    let label_count = module.code_header.label_count;
    // Big integer operands become literals too, so count them before fixing the layout.
    let mut big_literals = HashMap::new();
    let mut literals = module.literals.clone();
    for function in &module.functions {
        for instruction in &function.instructions {
            collect_big_integers(&instruction.args, &mut big_literals, &mut literals);
        }
    }
    let strings = bits::collect_strings(module, &mut literals);
    let layout = DataLayout::new(module.atoms.len(), literals.len(), module.imports.len());
    let mut lowerer = Lowerer {
        module,
        options,
        emission,
        graph: GraphBuilder::new(),
        label_blocks: HashMap::new(),
        next_entry: label_count.max(1),
        literals,
        big_literals,
        strings,
        layout,
        function: String::new(),
        arity: 0,
        line: 0,
        function_index: 0,
        frame: false,
        label_frames: HashMap::new(),
        entry_label: 0,
        counts_reductions: true,
        counting_entries: std::collections::HashSet::new(),
        trace: TraceInfo {
            functions: module
                .functions
                .iter()
                .map(|f| (module.function_name(f).to_string(), f.arity))
                .collect(),
            files: module
                .lines
                .as_ref()
                .map(|l| l.file_names.clone())
                .unwrap_or_else(|| vec![format!("{}.erl", module.name)]),
            first_return_label: label_count.max(1),
            fun_names: module
                .funs
                .iter()
                .map(|f| module.atom(f.function).unwrap_or("").to_string())
                .collect(),
            ..TraceInfo::default()
        },
        site_ids: HashMap::new(),
    };
    for function in &module.functions {
        for instruction in &function.instructions {
            if instruction.opcode == Opcode::Label {
                if let Some(Operand::U(l)) = instruction.args.first() {
                    let block = lowerer.new_block();
                    lowerer.label_blocks.insert(*l as u32, block);
                }
            }
        }
    }
    // Exported functions are entered from outside.
    for export in &module.exports {
        let block = lowerer.label_block(export.label)?;
        lowerer.add_entry(export.label, block);
    }
    lowerer.counting_entries = reduction_counting_entries(module);
    for (index, function) in module.functions.iter().enumerate() {
        lowerer.function_index = index as u32;
        lowerer.lower_function(function)?;
    }
    if lowerer.next_entry >= cp::MAX_LABELS {
        return Err(CompileError::TooManyEntries {
            module: module.name.clone(),
            entries: lowerer.next_entry,
        });
    }
    Ok(Lowered {
        cfg: lowerer.graph.into_cfg(),
        label_blocks: lowerer.label_blocks,
        literals: lowerer.literals,
        entry_count: lowerer.next_entry,
        trace: lowerer.trace,
    })
}

fn collect_big_integers(
    args: &[Operand],
    map: &mut HashMap<BigInt, u32>,
    literals: &mut Vec<Term>,
) {
    for arg in args {
        let big = match arg {
            Operand::Int(v) if !crate::abi::term::fits_small(*v) => BigInt::from(*v),
            Operand::BigInt(b) => b.clone(),
            Operand::List(items) => {
                collect_big_integers(items, map, literals);
                continue;
            }
            _ => continue,
        };
        map.entry(big.clone()).or_insert_with(|| {
            literals.push(match i64::try_from(&big) {
                Ok(v) => Term::Integer(v),
                Err(_) => Term::BigInt(big),
            });
            literals.len() as u32 - 1
        });
    }
}

impl Lowerer<'_> {
    fn new_block(&mut self) -> BlockId {
        self.graph.new_block()
    }

    fn add_entry(&mut self, label: u32, block: BlockId) {
        self.graph.add_entry(label, block);
    }

    fn label_block(&self, label: u32) -> Result<BlockId, CompileError> {
        self.label_blocks
            .get(&label)
            .copied()
            .ok_or_else(|| CompileError::Malformed {
                module: self.module.name.clone(),
                what: format!("label {label} is referenced but never defined"),
            })
    }

    fn error(&self, what: impl Into<String>) -> CompileError {
        unsupported(self.module, &self.function, self.arity, what.into())
    }

    fn emit(&mut self, instructions: impl IntoIterator<Item = W<'static>>) {
        self.graph.emit(instructions);
    }

    /// Ends the current block with `terminator`.
    fn finish(&mut self, terminator: Terminator) {
        self.graph.finish(terminator);
    }

    /// Ends the current block with a two-way exit on the condition the code left on the stack
    /// (nonzero: `if_true`), and continues in a fresh block on the other side.
    fn branch_to_fail_if(&mut self, fail: BlockId) {
        let next = self.new_block();
        self.finish(Terminator::Branch {
            if_true: fail,
            if_false: next,
        });
        self.graph.resume(Some(next));
    }

    fn fail_block(&self, operand: Option<&Operand>) -> Result<Option<BlockId>, CompileError> {
        match operand {
            Some(Operand::Label(0)) | None => Ok(None),
            Some(Operand::Label(l)) => self.label_block(*l).map(Some),
            Some(other) => Err(self.error(format!("expected a fail label, found {other:?}"))),
        }
    }

    fn lower_function(&mut self, function: &Function) -> Result<(), CompileError> {
        self.function = self.module.function_name(function).to_string();
        self.entry_label = function.entry_label;
        self.counts_reductions = self.counting_entries.contains(&function.entry_label);
        self.arity = function.arity;
        self.graph.resume(None);
        // A function is entered without a frame: its return address is in `cp`.
        self.frame = false;
        for instruction in &function.instructions {
            if let (Opcode::Label, Some(Operand::U(l))) =
                (instruction.opcode, instruction.args.first())
            {
                self.label_frames.insert(*l as u32, false);
                if *l as u32 == function.entry_label {
                    break;
                }
            }
        }
        for instruction in &function.instructions {
            self.lower_instruction(instruction)?;
        }
        // A function's code never falls off its end; close a dangling block safely.
        if self.graph.current().is_some() {
            self.emit([W::Unreachable]);
            self.finish(Terminator::Exit);
        }
        Ok(())
    }

    // ---- operands ----

    fn atom_term(&self, index: u32) -> Result<AtomOperand, CompileError> {
        if index == 0 {
            return Ok(AtomOperand::Immediate(term_enc::NIL));
        }
        let name = self
            .module
            .atom(index)
            .map_err(|e| CompileError::Malformed {
                module: self.module.name.clone(),
                what: e.to_string(),
            })?;
        Ok(
            match crate::abi::term::FIXED_ATOMS
                .iter()
                .position(|a| *a == name)
            {
                Some(fixed) => AtomOperand::Immediate(crate::abi::term::atom(fixed as u32)),
                None => AtomOperand::Table(self.layout.atoms + 4 * index),
            },
        )
    }

    /// Pushes the term an operand denotes.
    fn load(&mut self, operand: &Operand) -> Result<(), CompileError> {
        let code: Code = match operand {
            Operand::X(n) => self.x_load(*n)?,
            Operand::Y(n) => vec![
                W::LocalGet(CTX),
                W::I32Load(mem(ctx::E)),
                W::I32Load(mem(4 * n)),
            ],
            Operand::TypedReg { register, .. } => match register {
                crate::beam::Register::X(n) => self.x_load(*n)?,
                crate::beam::Register::Y(n) => {
                    vec![
                        W::LocalGet(CTX),
                        W::I32Load(mem(ctx::E)),
                        W::I32Load(mem(4 * n)),
                    ]
                }
            },
            Operand::Atom(index) => match self.atom_term(*index)? {
                AtomOperand::Immediate(t) => vec![W::I32Const(t as i32)],
                AtomOperand::Table(offset) => {
                    vec![W::GlobalGet(MODULE_DATA_GLOBAL), W::I32Load(mem(offset))]
                }
            },
            Operand::Nil => vec![W::I32Const(term_enc::NIL as i32)],
            Operand::Int(v) if crate::abi::term::fits_small(*v) => {
                vec![W::I32Const(crate::abi::term::small(*v as i32) as i32)]
            }
            Operand::Int(_) | Operand::BigInt(_) => {
                let big = match operand {
                    Operand::Int(v) => BigInt::from(*v),
                    Operand::BigInt(b) => b.clone(),
                    _ => unreachable!("matched above"),
                };
                let index = self.big_literals[&big];
                vec![
                    W::GlobalGet(MODULE_DATA_GLOBAL),
                    W::I32Load(mem(self.layout.literals + 4 * index)),
                ]
            }
            Operand::Literal(index) => {
                vec![
                    W::GlobalGet(MODULE_DATA_GLOBAL),
                    W::I32Load(mem(self.layout.literals + 4 * index)),
                ]
            }
            Operand::Char(c) => vec![W::I32Const(crate::abi::term::small(*c as i32) as i32)],
            other => return Err(self.error(format!("operand {other:?} as a value"))),
        };
        self.emit(code);
        Ok(())
    }

    fn x_load(&self, n: u32) -> Result<Code, CompileError> {
        if n >= ctx::X_REGISTERS {
            return Err(self.error(format!("x register {n} (at most {})", ctx::X_REGISTERS - 1)));
        }
        Ok(vec![W::LocalGet(CTX), W::I32Load(mem(ctx::x(n)))])
    }

    /// Stores the value in local `value` into a register operand.
    fn store(&mut self, destination: &Operand, value: u32) -> Result<(), CompileError> {
        let register = match destination {
            Operand::TypedReg { register, .. } => *register,
            Operand::X(n) => crate::beam::Register::X(*n),
            Operand::Y(n) => crate::beam::Register::Y(*n),
            other => return Err(self.error(format!("destination {other:?}"))),
        };
        let code = match register {
            crate::beam::Register::X(n) => {
                if n >= ctx::X_REGISTERS {
                    return Err(self.error(format!("x register {n}")));
                }
                vec![
                    W::LocalGet(CTX),
                    W::LocalGet(value),
                    W::I32Store(mem(ctx::x(n))),
                ]
            }
            crate::beam::Register::Y(n) => vec![
                W::LocalGet(CTX),
                W::I32Load(mem(ctx::E)),
                W::LocalGet(value),
                W::I32Store(mem(4 * n)),
            ],
        };
        self.emit(code);
        Ok(())
    }

    fn load_to(&mut self, operand: &Operand, local: u32) -> Result<(), CompileError> {
        self.load(operand)?;
        self.emit([W::LocalSet(local)]);
        Ok(())
    }

    fn arg(&self, instruction: &Instruction, i: usize) -> Result<Operand, CompileError> {
        instruction.args.get(i).cloned().ok_or_else(|| {
            self.error(format!(
                "{} is missing operand {i}",
                instruction.opcode.name()
            ))
        })
    }

    fn unsigned(&self, instruction: &Instruction, i: usize) -> Result<u32, CompileError> {
        match self.arg(instruction, i)? {
            Operand::U(v) if v <= u32::MAX as u64 => Ok(v as u32),
            Operand::Int(v) if (0..=u32::MAX as i64).contains(&v) => Ok(v as u32),
            other => Err(self.error(format!(
                "{} operand {i}: expected a number, found {other:?}",
                instruction.opcode.name()
            ))),
        }
    }

    fn list(&self, instruction: &Instruction, i: usize) -> Result<Vec<Operand>, CompileError> {
        match self.arg(instruction, i)? {
            Operand::List(items) => Ok(items),
            other => Err(self.error(format!(
                "{} operand {i}: expected a list, found {other:?}",
                instruction.opcode.name()
            ))),
        }
    }

    /// Heap words an allocation operand asks for (a count or an allocation list).
    fn heap_words(&self, operand: &Operand) -> Result<u32, CompileError> {
        match operand {
            Operand::U(v) => Ok(*v as u32),
            Operand::Int(v) if *v >= 0 => Ok(*v as u32),
            Operand::Alloc(entries) => {
                let mut words = 0u32;
                for entry in entries {
                    words += match entry.kind {
                        crate::beam::AllocKind::Words => entry.amount,
                        crate::beam::AllocKind::Floats => 3 * entry.amount,
                        // A fun's fixed words; its free variables are counted in `Words`.
                        crate::beam::AllocKind::Funs => term_enc::fun::LOCAL_WORDS * entry.amount,
                    };
                }
                Ok(words)
            }
            other => Err(self.error(format!("heap need {other:?}"))),
        }
    }

    // ---- calls of primitives ----

    fn call_primitive(&mut self, primitive: Primitive) {
        self.emit(primitive_call(primitive));
    }

    /// `primitive(ctx, op, a, b)` for the primitives that take an operation number and two
    /// operands (`exception`, `process`), leaving its result on the stack; a missing operand
    /// passes 0.
    fn emit_op_primitive(
        &mut self,
        primitive: Primitive,
        op: u32,
        a: Option<&Operand>,
        b: Option<&Operand>,
    ) -> Result<(), CompileError> {
        self.emit([W::LocalGet(CTX), W::I32Const(op as i32)]);
        for operand in [a, b] {
            match operand {
                Some(operand) => self.load(operand)?,
                None => self.emit([W::I32Const(0)]),
            }
        }
        self.call_primitive(primitive);
        Ok(())
    }

    /// Continues at the continuation word in local `target`, through the module's `continue`
    /// helper (a tail call).
    fn tail_call_continuation(&mut self, target: u32) {
        self.emit(tail_call_continuation(target));
    }

    /// An exception is pending in the process: the `raise_pending` helper asks the host
    /// where to resume and goes there.
    fn emit_raise_pending(&mut self) {
        let site = self.site(self.frame);
        let code = self.emission.raise_pending(site);
        self.emit(code);
    }

    /// The number of the code site here (function, source location, frame state), for stack
    /// traces.
    fn site(&mut self, has_frame: bool) -> u32 {
        let (file, line) = self
            .module
            .lines
            .as_ref()
            .and_then(|lines| {
                let item = lines.items.get((self.line as usize).checked_sub(1)?)?;
                Some((item.file, item.line))
            })
            .unwrap_or((0, 0));
        let site = Site {
            function: self.function_index,
            file,
            line,
            has_frame,
        };
        let sites = &mut self.trace.sites;
        *self.site_ids.entry(site).or_insert_with(|| {
            sites.push(site);
            sites.len() as u32 - 1
        })
    }

    /// If the i32 on the stack is `NON_VALUE`, the callee raised: handle it in place.
    fn emit_check_raised(&mut self) {
        self.emit([W::I32Eqz, W::If(BlockType::Empty)]);
        self.emit_raise_pending();
        self.emit([W::End]);
    }

    /// Raises an error whose reason the host builds from `kind` and the term in `value`.
    fn emit_raise(&mut self, kind: RaiseKind, value: Option<&Operand>) -> Result<(), CompileError> {
        self.emit([W::LocalGet(CTX), W::I32Const(kind as i32)]);
        match value {
            Some(v) => self.load(v)?,
            None => self.emit([W::I32Const(term_enc::NIL as i32)]),
        }
        self.emit([W::I32Const(self.line as i32)]);
        self.call_primitive(Primitive::Raise);
        self.emit([W::Drop]);
        self.emit_raise_pending();
        Ok(())
    }

    /// Makes room for `words` words (heap and stack), collecting with `live` x registers if
    /// needed. In GC-stress mode a collection is forced wherever heap words are allocated.
    fn emit_ensure_heap(&mut self, words: u32, heap_words: u32, live: u32) {
        let force = self.options.gc_stress && heap_words > 0;
        if words == 0 {
            return;
        }
        if !force {
            self.emit([
                W::LocalGet(CTX),
                W::I32Load(mem(ctx::HEAP_TOP)),
                W::I32Const((4 * words) as i32),
                W::I32Add,
                W::LocalGet(CTX),
                W::I32Load(mem(ctx::E)),
                W::I32GtU,
                W::If(BlockType::Empty),
            ]);
        }
        self.emit([
            W::LocalGet(CTX),
            W::I32Const(words as i32),
            W::I32Const(live as i32),
        ]);
        self.call_primitive(Primitive::Gc);
        self.emit_check_raised();
        if !force {
            self.emit([W::End]);
        }
    }

    /// Counts a reduction; when the slice is used up, yields: stores this module's continuation
    /// for `label` and returns `ctx` to the host, which resumes there later.
    fn emit_reduction(&mut self, label: u32) {
        self.emit([
            W::LocalGet(JS),
            W::LocalGet(JS),
            W::I32Load(mem(jit_state::REMAINING_REDUCTIONS)),
            W::I32Const(1),
            W::I32Sub,
            W::LocalTee(T3),
            W::I32Store(mem(jit_state::REMAINING_REDUCTIONS)),
            W::LocalGet(T3),
            W::I32Const(1),
            W::I32LtS,
            W::If(BlockType::Empty),
        ]);
        self.emit_yield_at(label);
        self.emit([W::End]);
    }

    /// Returns to the host, which resumes at `label` of this module later: stores that
    /// continuation in the JIT state and returns `ctx`.
    pub(super) fn emit_yield_at(&mut self, label: u32) {
        let code = self.emission.yield_at(label);
        self.emit(code);
    }

    /// `cp := this module's continuation for label`.
    fn emit_set_cp(&mut self, label: u32) {
        self.emit([W::LocalGet(CTX)]);
        self.emit(cp::push_local(label));
        self.emit([W::I32Store(mem(ctx::CP))]);
    }

    /// `cp := e[n]; e += n + 1` (the frame `allocate` pushed).
    fn emit_deallocate(&mut self, n: u32) {
        self.emit([
            W::LocalGet(CTX),
            W::I32Load(mem(ctx::E)),
            W::LocalSet(T3),
            W::LocalGet(CTX),
            W::LocalGet(T3),
            W::I32Load(mem(4 * n)),
            W::I32Store(mem(ctx::CP)),
        ]);
        self.emit_pop_stack(4 * (n + 1));
    }

    /// `e := e ± bytes` (`op` is `I32Add` to pop, `I32Sub` to push); the new `e` is left in `T3`.
    fn emit_move_e(&mut self, op: W<'static>, bytes: u32) {
        self.emit([
            W::LocalGet(CTX),
            W::I32Load(mem(ctx::E)),
            W::I32Const(bytes as i32),
            op,
            W::LocalSet(T3),
            W::LocalGet(CTX),
            W::LocalGet(T3),
            W::I32Store(mem(ctx::E)),
        ]);
    }

    /// `e += bytes`, keeping the stack watermark at the highest `e` since the last collection.
    fn emit_pop_stack(&mut self, bytes: u32) {
        self.emit_move_e(W::I32Add, bytes);
        // (A branch: `select` with an unconditional store measured 10% slower to compile.)
        self.emit([
            W::LocalGet(T3),
            W::LocalGet(CTX),
            W::I32Load(mem(ctx::STACK_WATERMARK)),
            W::I32GtU,
            W::If(BlockType::Empty),
            W::LocalGet(CTX),
            W::LocalGet(T3),
            W::I32Store(mem(ctx::STACK_WATERMARK)),
            W::End,
        ]);
    }

    /// `return`: on at the continuation in `cp` (where the code goes is the emission's
    /// choice).
    fn emit_return(&mut self) {
        self.emission.return_(&mut self.graph, return_code);
    }

    /// Goes on at the continuation word in local `target` and ends the block: through the
    /// dispatcher when it is in this module, else by tail call.
    fn emit_continue_at(&mut self, target: u32) {
        self.emit(continue_at(target));
        self.finish(Terminator::Dispatch);
    }

    /// The frame and `cp` work before a call that leaves the function's code: `call_last`
    /// pops the frame, a body call sets `cp` to a new return point, whose block it returns.
    fn begin_call(&mut self, kind: CallKind) -> Option<BlockId> {
        if let CallKind::Last(n) = kind {
            self.emit_deallocate(n);
        }
        match kind {
            CallKind::Body => {
                let (label, block) = self.new_return_point();
                self.emit_set_cp(label);
                Some(block)
            }
            _ => None,
        }
    }

    /// A new return point: an entry block the dispatcher reaches by a fresh label value.
    fn new_return_point(&mut self) -> (u32, BlockId) {
        let label = self.next_entry;
        self.next_entry += 1;
        let site = self.site(true);
        self.trace.return_sites.push(site);
        let block = self.new_block();
        self.add_entry(label, block);
        (label, block)
    }

    /// A call of a function of this module (its entry counts the reduction).
    fn local_call(&mut self, target: u32, save_return: bool) -> Result<(), CompileError> {
        let target_block = self.label_block(target)?;
        let return_point = if save_return {
            let (label, block) = self.new_return_point();
            self.emit_set_cp(label);
            Some(block)
        } else {
            None
        };
        self.finish(Terminator::Jump(target_block));
        self.graph.resume(return_point);
        Ok(())
    }

    fn import_bif(&self, index: u32) -> Result<Bif, CompileError> {
        let (m, f, a) = self.import_mfa(index)?;
        Bif::from_mfa(m, f, a).ok_or_else(|| self.error(format!("BIF {m}:{f}/{a}")))
    }

    fn import_mfa(&self, index: u32) -> Result<(&str, &str, u32), CompileError> {
        self.module
            .import_mfa(index as usize)
            .ok_or_else(|| CompileError::Malformed {
                module: self.module.name.clone(),
                what: format!("import {index} out of range"),
            })
    }

    /// Calls a BIF with arguments in `args` locals; leaves the result in `T0`.
    fn emit_bif_call(&mut self, bif: Bif, args: &[u32], live: u32) {
        self.emit([
            W::LocalGet(CTX),
            W::I32Const(bif.id() as i32),
            W::I32Const(live as i32),
        ]);
        for i in 0..3 {
            match args.get(i) {
                Some(&local) => self.emit([W::LocalGet(local)]),
                None => self.emit([W::I32Const(term_enc::NIL as i32)]),
            }
        }
        self.call_primitive(Primitive::Bif);
        self.emit([W::LocalSet(T0)]);
    }

    /// After a call that left its result in `T0`: on failure go to `fail` or raise, else store
    /// it. The store comes last: the destination may also be a source the fail path reads.
    fn finish_bif(
        &mut self,
        fail: Option<BlockId>,
        destination: &Operand,
    ) -> Result<(), CompileError> {
        self.emit_fail_on_non_value(fail);
        self.store(destination, T0)
    }

    /// `T0` holds a call's result: `NON_VALUE` goes to `fail`, or raises when there is none.
    fn emit_fail_on_non_value(&mut self, fail: Option<BlockId>) {
        self.emit([W::LocalGet(T0)]);
        match fail {
            Some(block) => {
                self.emit([W::I32Eqz]);
                self.branch_to_fail_if(block);
            }
            None => self.emit_check_raised(),
        }
    }

    fn external_call(
        &mut self,
        arity: u32,
        import: u32,
        kind: CallKind,
    ) -> Result<(), CompileError> {
        let (m, f, a) = self.import_mfa(import)?;
        match (m, f, a) {
            ("erlang", "apply", 3) => {
                return self.emit_dynamic_call(crate::abi::call_op::APPLY_LIST, 3, kind)
            }
            ("erlang", "apply", 2) => {
                return self.emit_dynamic_call(crate::abi::call_op::APPLY_FUN_LIST, 2, kind)
            }
            _ => {}
        }
        if let Some(bif) = Bif::from_mfa(m, f, a) {
            // A BIF runs in place: arguments in x0.., result in x0.
            let locals = [T0, T1, T2];
            for i in 0..arity.min(3) {
                self.load_to(&Operand::X(i), locals[i as usize])?;
            }
            self.emit_bif_call(bif, &locals[..arity.min(3) as usize], arity);
            self.finish_bif(None, &Operand::X(0))?;
            match kind {
                CallKind::Body => {}
                CallKind::Tail => self.emit_return(),
                CallKind::Last(n) => {
                    self.emit_deallocate(n);
                    self.emit_return();
                }
            }
            return Ok(());
        }
        let _ = arity;
        let return_point = self.begin_call(kind);
        // The import word is the callee's continuation, or 0 when it is not loaded: then the
        // `undef` primitive loads it (or raises `undef`) and fills the word in.
        self.emit([
            W::GlobalGet(MODULE_DATA_GLOBAL),
            W::I32Load(mem(self.layout.imports + 4 * import)),
            W::LocalTee(T2),
            W::I32Eqz,
            W::If(BlockType::Empty),
            W::LocalGet(CTX),
        ]);
        self.emit(cp::push_module_base());
        self.emit([W::I32Const(import as i32)]);
        self.call_primitive(Primitive::Undef);
        self.emit([W::LocalTee(T2)]);
        self.emit_check_raised();
        self.emit([W::End]);
        // The callee's entry counts the reduction.
        self.tail_call_continuation(T2);
        self.finish(Terminator::Exit);
        self.graph.resume(return_point);
        Ok(())
    }
}

#[derive(Clone, Copy)]
enum CallKind {
    Body,
    Tail,
    Last(u32),
}

enum AtomOperand {
    Immediate(u32),
    Table(u32),
}

/// Type tests, as the condition "the test passes" on the stack.
#[derive(Clone, Copy)]
enum TypeTest {
    Integer,
    Float,
    Number,
    Atom,
    Pid,
    Reference,
    Port,
    Nil,
    Binary,
    Bitstring,
    List,
    NonemptyList,
    Tuple,
    Boolean,
    Map,
    Function,
}

use crate::abi::exception_op;
use crate::abi::term::{self as term_enc, boxed as tags, list_cell, tuple};

impl Lowerer<'_> {
    /// Opens `if (t is boxed) -> i32` with the header word of `t` on the stack; the caller
    /// turns the header into the result, then adds the `else 0` with `close_if_boxed`.
    fn open_if_boxed_header(&mut self, t: u32) {
        self.emit(term_enc::wasm::is_boxed(t));
        self.emit([W::If(BlockType::Result(ValType::I32)), W::LocalGet(t)]);
        self.emit(term_enc::wasm::untag(term_enc::PRIMARY_BOXED));
        self.emit([W::I32Load(mem(0))]);
    }

    fn close_if_boxed(&mut self) {
        self.emit([W::Else, W::I32Const(0), W::End]);
    }

    /// Pushes 1 if the term in `t` is boxed with a header whose tag is one of `tags`.
    fn emit_boxed_tag_is(&mut self, t: u32, wanted: &[u32]) {
        self.open_if_boxed_header(t);
        self.emit(term_enc::wasm::header_tag());
        self.emit([W::LocalSet(T3)]);
        for (i, &tag) in wanted.iter().enumerate() {
            self.emit([W::LocalGet(T3), W::I32Const(tag as i32), W::I32Eq]);
            if i > 0 {
                self.emit([W::I32Or]);
            }
        }
        self.close_if_boxed();
    }

    /// Pushes 1 if the term in local `t` passes `test`.
    fn emit_type_test(&mut self, test: TypeTest, t: u32) {
        let small_tag = term_enc::wasm::is_small(t);
        match test {
            TypeTest::Integer => {
                self.emit(small_tag);
                self.emit_boxed_tag_is(t, &[tags::POS_BIGNUM, tags::NEG_BIGNUM]);
                self.emit([W::I32Or]);
            }
            TypeTest::Number => {
                self.emit(small_tag);
                self.emit_boxed_tag_is(t, &[tags::POS_BIGNUM, tags::NEG_BIGNUM, tags::FLOAT]);
                self.emit([W::I32Or]);
            }
            TypeTest::Float => self.emit_boxed_tag_is(t, &[tags::FLOAT]),
            TypeTest::Reference => self.emit_boxed_tag_is(t, &[tags::REFERENCE]),
            TypeTest::Bitstring => {
                self.emit_boxed_tag_is(t, &[tags::HEAP_BINARY, tags::REFC_BINARY, tags::SUB_BINARY])
            }
            TypeTest::Binary => {
                // A sub binary is a binary only when its bit size is a multiple of 8.
                self.emit_boxed_tag_is(t, &[tags::HEAP_BINARY, tags::REFC_BINARY]);
                self.emit_boxed_tag_is(t, &[tags::SUB_BINARY]);
                self.emit([
                    W::If(BlockType::Result(ValType::I32)),
                    W::LocalGet(t),
                    W::I32Load(tagged(term_enc::sub_binary::SIZE, term_enc::PRIMARY_BOXED)),
                    // A whole number of bytes.
                    W::I32Const(7),
                    W::I32And,
                    W::I32Eqz,
                    W::Else,
                    W::I32Const(0),
                    W::End,
                    W::I32Or,
                ]);
            }
            TypeTest::Tuple => self.emit_boxed_tag_is(t, &[tags::TUPLE]),
            TypeTest::Map => self.emit_boxed_tag_is(t, &[tags::MAP]),
            TypeTest::Function => self.emit_boxed_tag_is(t, &[tags::FUN]),
            TypeTest::Atom => self.emit(term_enc::wasm::is_atom(t)),
            TypeTest::Pid => self.emit(term_enc::wasm::is_pid(t)),
            TypeTest::Port => self.emit(term_enc::wasm::is_port(t)),
            TypeTest::Nil => {
                self.emit([W::LocalGet(t), W::I32Const(term_enc::NIL as i32), W::I32Eq])
            }
            TypeTest::NonemptyList => self.emit(term_enc::wasm::is_list_cell(t)),
            TypeTest::List => {
                self.emit(term_enc::wasm::is_list_cell(t));
                self.emit([
                    W::LocalGet(t),
                    W::I32Const(term_enc::NIL as i32),
                    W::I32Eq,
                    W::I32Or,
                ]);
            }
            TypeTest::Boolean => self.emit([
                W::LocalGet(t),
                W::I32Const(term_enc::atom_true() as i32),
                W::I32Eq,
                W::LocalGet(t),
                W::I32Const(term_enc::atom_false() as i32),
                W::I32Eq,
                W::I32Or,
            ]),
        }
    }

    /// Pushes 1 if the term in `t` is a tuple of `arity`.
    fn emit_tuple_arity_is(&mut self, t: u32, arity: u32) {
        self.open_if_boxed_header(t);
        self.emit([
            W::I32Const(term_enc::header(arity, tags::TUPLE) as i32),
            W::I32Eq,
        ]);
        self.close_if_boxed();
    }

    /// Pushes 1 if the terms in `a` and `b` are equal: exactly (`=:=`) or arithmetically
    /// (`==`, where `1 == 1.0`).
    fn emit_equal(&mut self, a: u32, b: u32, exact: bool) {
        // Equal words are equal terms. Otherwise, for `=:=` different immediates differ and an
        // immediate never equals a pointer (integers are canonical), so only two pointers need
        // a primitive; for `==` a small integer may equal a boxed float, so only two
        // immediates are settled inline.
        let is_immediate = term_enc::wasm::is_immediate;
        let mut code = vec![
            W::LocalGet(a),
            W::LocalGet(b),
            W::I32Eq,
            W::If(BlockType::Result(ValType::I32)),
            W::I32Const(1),
            W::Else,
        ];
        code.extend(is_immediate(a));
        code.extend(is_immediate(b));
        code.extend([
            if exact { W::I32Or } else { W::I32And },
            W::If(BlockType::Result(ValType::I32)),
            W::I32Const(0),
            W::Else,
            W::LocalGet(CTX),
            W::LocalGet(a),
            W::LocalGet(b),
        ]);
        self.emit(code);
        if exact {
            self.call_primitive(Primitive::ExactEq);
        } else {
            self.call_primitive(Primitive::Compare);
            self.emit([W::I32Eqz]);
        }
        self.emit([W::End, W::End]);
    }

    /// Pushes 1 if `a < b` in term order.
    fn emit_less_than(&mut self, a: u32, b: u32) {
        self.emit(term_enc::wasm::both_small(a, b));
        self.emit([
            W::If(BlockType::Result(ValType::I32)),
            // Both small integers: the tagged words order like the values.
            W::LocalGet(a),
            W::LocalGet(b),
            W::I32LtS,
            W::Else,
            W::LocalGet(CTX),
            W::LocalGet(a),
            W::LocalGet(b),
        ]);
        self.call_primitive(Primitive::Compare);
        self.emit([W::I32Const(0), W::I32LtS, W::End]);
    }

    /// Inline small-integer arithmetic on `T0` and `T1`: the result in `T2`, or `NON_VALUE`
    /// there to ask for the slow path; `false` when the BIF has no inline form.
    fn emit_inline_arith(&mut self, bif: Bif) -> bool {
        let both_small = term_enc::wasm::both_small(T0, T1);
        let tail: Code = match bif {
            // The values, widened: overflow shows in the 28-bit range check.
            Bif::Add | Bif::Subtract | Bif::Multiply => {
                let op = match bif {
                    Bif::Add => W::I64Add,
                    Bif::Subtract => W::I64Sub,
                    _ => W::I64Mul,
                };
                let mut code = vec![W::LocalGet(T0)];
                code.extend(term_enc::wasm::small_value());
                code.extend([W::I64ExtendI32S, W::LocalGet(T1)]);
                code.extend(term_enc::wasm::small_value());
                code.extend([W::I64ExtendI32S, op, W::LocalSet(W0)]);
                code
            }
            Bif::Band | Bif::Bor | Bif::Bxor => {
                let op = match bif {
                    Bif::Band => W::I32And,
                    Bif::Bor => W::I32Or,
                    _ => W::I32Xor,
                };
                let mut code: Code = both_small.to_vec();
                code.extend([
                    W::If(BlockType::Empty),
                    W::LocalGet(T0),
                    W::LocalGet(T1),
                    op,
                ]);
                code.extend(term_enc::wasm::retag_small());
                code.extend([
                    W::LocalSet(T2),
                    W::Else,
                    W::I32Const(0),
                    W::LocalSet(T2),
                    W::End,
                ]);
                self.emit(code);
                return true;
            }
            _ => return false,
        };
        let mut code: Code = both_small.to_vec();
        code.push(W::If(BlockType::Empty));
        code.extend(tail);
        code.extend([
            // In range iff the value fits 28 signed bits.
            W::LocalGet(W0),
            W::I64Const(term_enc::SMALL_MIN),
            W::I64GeS,
            W::LocalGet(W0),
            W::I64Const(term_enc::SMALL_MAX),
            W::I64LeS,
            W::I32And,
            W::If(BlockType::Empty),
            W::LocalGet(W0),
            W::I32WrapI64,
        ]);
        code.extend(term_enc::wasm::make_small());
        code.extend([
            W::LocalSet(T2),
            W::Else,
            W::I32Const(0),
            W::LocalSet(T2),
            W::End,
            W::Else,
            W::I32Const(0),
            W::LocalSet(T2),
            W::End,
        ]);
        self.emit(code);
        true
    }

    /// `bif`/`gc_bif` instructions: inline fast path where there is one, else the `bif` primitive.
    fn lower_bif(
        &mut self,
        fail: Option<BlockId>,
        live: u32,
        import: u32,
        args: &[Operand],
        destination: &Operand,
    ) -> Result<(), CompileError> {
        let bif = self.import_bif(import)?;
        if args.len() as u32 != bif.arity() || args.len() > 3 {
            return Err(self.error(format!("BIF {:?} with {} arguments", bif, args.len())));
        }
        let locals = [T0, T1, T2];
        for (i, arg) in args.iter().enumerate() {
            self.load_to(arg, locals[i])?;
        }
        if args.len() == 2 && self.emit_inline_arith(bif) {
            // T2 holds the fast result or NON_VALUE; only then call the primitive.
            self.emit([W::LocalGet(T2), W::I32Eqz, W::If(BlockType::Empty)]);
            self.emit_bif_call(bif, &locals[..2], guard_live(fail, live));
            self.emit([W::Else, W::LocalGet(T2), W::LocalSet(T0), W::End]);
        } else {
            self.emit_bif_call(bif, &locals[..args.len()], guard_live(fail, live));
        }
        self.finish_bif(fail, destination)
    }

    /// `select_val` / `select_tuple_arity`: computes a case index in `T1` and ends the block
    /// with a switch (`targets.len()` is the default).
    fn emit_select(
        &mut self,
        cases: Vec<(SelectKey, BlockId)>,
        fail: BlockId,
    ) -> Result<(), CompileError> {
        // The value to select on is in T0 (for arities: the arity as a plain i32).
        let small: Vec<(i64, usize)> = cases
            .iter()
            .enumerate()
            .filter_map(|(i, (k, _))| match k {
                SelectKey::Int(v) => Some((*v, i)),
                _ => None,
            })
            .collect();
        let n = cases.len() as i32;
        let dense = !small.is_empty() && small.len() == cases.len() && {
            let min = small.iter().map(|c| c.0).min().unwrap_or(0);
            let max = small.iter().map(|c| c.0).max().unwrap_or(0);
            let range = max - min + 1;
            range <= 2 * small.len() as i64 + 8 && range <= 60_000
        };
        let mut targets: Vec<BlockId>;
        if dense {
            let min = small.iter().map(|c| c.0).min().unwrap_or(0);
            let max = small.iter().map(|c| c.0).max().unwrap_or(0);
            targets = vec![fail; (max - min + 1) as usize];
            for (value, case) in &small {
                targets[(value - min) as usize] = cases[*case].1;
            }
            self.emit([W::LocalGet(T0), W::I32Const(min as i32), W::I32Sub]);
        } else if !small.is_empty() && small.len() == cases.len() {
            // Sparse integers: a binary search over the sorted values leaves the case index.
            targets = cases.iter().map(|c| c.1).collect();
            let mut sorted: Vec<(i64, usize)> = small.clone();
            sorted.sort_unstable();
            let code = binary_search(&sorted, n);
            self.emit(code);
        } else {
            targets = cases.iter().map(|c| c.1).collect();
            // A flat chain: the first matching case leaves its index.
            self.emit([W::Block(BlockType::Result(ValType::I32))]);
            for (i, (key, _)) in cases.iter().enumerate() {
                self.emit([W::I32Const(i as i32)]);
                match key {
                    SelectKey::Int(v) => {
                        self.emit([W::LocalGet(T0), W::I32Const(*v as i32), W::I32Eq])
                    }
                    SelectKey::Term(operand) if is_immediate_constant(operand) => {
                        self.emit([W::LocalGet(T1)]);
                        self.load(operand)?;
                        self.emit([W::I32Eq]);
                    }
                    SelectKey::Term(operand) => {
                        self.load_to(operand, T2)?;
                        self.emit_equal(T1, T2, true);
                    }
                }
                self.emit([W::BrIf(0), W::Drop]);
            }
            self.emit([W::I32Const(n), W::End]);
        }
        self.finish(Terminator::Switch {
            targets,
            default: fail,
        });
        Ok(())
    }

    fn lower_instruction(&mut self, instruction: &Instruction) -> Result<(), CompileError> {
        let op = instruction.opcode;
        let module_name = self.module.name.clone();
        let operands = &instruction.args;
        let arg = |i: usize| -> Result<Operand, CompileError> {
            operands
                .get(i)
                .cloned()
                .ok_or_else(|| CompileError::Malformed {
                    module: module_name.clone(),
                    what: format!("{} is missing operand {i}", op.name()),
                })
        };
        self.track_frame(instruction);
        match op {
            Opcode::Label => {
                let label = self.unsigned(instruction, 0)?;
                let block = self.label_block(label)?;
                if self.graph.current().is_some() {
                    self.finish(Terminator::Jump(block));
                } else {
                    // Reached only by branches: the frame state they had. A label nothing
                    // before it branches to is assumed to have a frame (the cost of a wrong
                    // guess is one stack-trace entry, never control flow).
                    self.frame = self.label_frames.get(&label).copied().unwrap_or(true);
                }
                self.graph.resume(Some(block));
                if label == self.entry_label && self.counts_reductions {
                    // Reductions are counted at the entries of the functions every loop goes
                    // through (`reduction_counting_entries`), rather than at each call site:
                    // fewer checks in the code. A yield resumes at this label.
                    self.add_entry(label, block);
                    self.emit_reduction(label);
                }
            }
            Opcode::Line => {
                self.line = self.unsigned(instruction, 0).unwrap_or(0);
            }
            Opcode::FuncInfo => {
                let site = self.site(self.frame);
                let code = self.emission.function_clause(site, self.line);
                self.emit(code);
                self.finish(Terminator::Exit);
            }
            Opcode::IntCodeEnd => {}
            // `nif_start` marks a function a NIF may replace, `on_load` the module's on_load
            // function: no NIFs are loaded, so the Erlang body runs as written.
            Opcode::NifStart | Opcode::OnLoad => {}
            Opcode::Move => {
                self.load_to(&arg(0)?, T0)?;
                self.store(&arg(1)?, T0)?;
            }
            Opcode::Swap => {
                let (a, b) = (arg(0)?, arg(1)?);
                self.load_to(&a, T0)?;
                self.load_to(&b, T1)?;
                self.store(&a, T1)?;
                self.store(&b, T0)?;
            }
            Opcode::InitYregs => {
                self.emit([W::I32Const(term_enc::NIL as i32), W::LocalSet(T0)]);
                for y in self.list(instruction, 0)? {
                    self.store(&y, T0)?;
                }
            }
            Opcode::Allocate
            | Opcode::AllocateZero
            | Opcode::AllocateHeap
            | Opcode::AllocateHeapZero => {
                let stack = self.unsigned(instruction, 0)?;
                let with_heap = matches!(op, Opcode::AllocateHeap | Opcode::AllocateHeapZero);
                let heap = if with_heap {
                    self.heap_words(&arg(1)?)?
                } else {
                    0
                };
                let live = self.unsigned(instruction, if with_heap { 2 } else { 1 })?;
                self.emit_ensure_heap(heap + stack + 1, heap, live);
                // Push the frame, with the caller's `cp` at its high end.
                self.emit_move_e(W::I32Sub, 4 * (stack + 1));
                self.emit([
                    W::LocalGet(T3),
                    W::LocalGet(CTX),
                    W::I32Load(mem(ctx::CP)),
                    W::I32Store(mem(4 * stack)),
                ]);
                if matches!(op, Opcode::AllocateZero | Opcode::AllocateHeapZero) {
                    for y in 0..stack {
                        self.emit([
                            W::LocalGet(T3),
                            W::I32Const(term_enc::NIL as i32),
                            W::I32Store(mem(4 * y)),
                        ]);
                    }
                }
            }
            Opcode::Init => {
                self.emit([W::I32Const(term_enc::NIL as i32), W::LocalSet(T0)]);
                self.store(&arg(0)?, T0)?;
            }
            Opcode::TestHeap => {
                let words = self.heap_words(&arg(0)?)?;
                let live = self.unsigned(instruction, 1)?;
                self.emit_ensure_heap(words, words, live);
            }
            Opcode::Deallocate => self.emit_deallocate(self.unsigned(instruction, 0)?),
            Opcode::Trim => {
                let n = self.unsigned(instruction, 0)?;
                self.emit_pop_stack(4 * n);
            }
            Opcode::Return => self.emit_return(),
            Opcode::Call => {
                let target = self.label_operand(&arg(1)?)?;
                self.local_call(target, true)?;
            }
            Opcode::CallOnly => {
                let target = self.label_operand(&arg(1)?)?;
                self.local_call(target, false)?;
            }
            Opcode::CallLast => {
                let target = self.label_operand(&arg(1)?)?;
                self.emit_deallocate(self.unsigned(instruction, 2)?);
                self.local_call(target, false)?;
            }
            Opcode::CallExt | Opcode::CallExtOnly | Opcode::CallExtLast => {
                let arity = self.unsigned(instruction, 0)?;
                let import = self.unsigned(instruction, 1)?;
                let kind = match op {
                    Opcode::CallExt => CallKind::Body,
                    Opcode::CallExtOnly => CallKind::Tail,
                    _ => CallKind::Last(self.unsigned(instruction, 2)?),
                };
                self.external_call(arity, import, kind)?;
            }
            Opcode::Bif0 => {
                let import = self.unsigned(instruction, 0)?;
                self.lower_bif(None, 0, import, &[], &arg(1)?)?;
            }
            // map_get/2 and is_map_key/2 raise terms: `lower/maps.rs` lowers them.
            Opcode::Bif2 if self.lower_map_guard_bif(instruction)? => {}
            Opcode::Bif1 | Opcode::Bif2 => {
                let fail = self.fail_block(Some(&arg(0)?))?;
                let import = self.unsigned(instruction, 1)?;
                let n = if op == Opcode::Bif1 { 1 } else { 2 };
                let args: Vec<Operand> = (0..n).map(|i| arg(2 + i)).collect::<Result<_, _>>()?;
                if self.import_bif(import)?.allocates() {
                    return Err(self.error(format!(
                        "{} with the allocating BIF {:?}",
                        op.name(),
                        self.import_bif(import)?
                    )));
                }
                self.lower_bif(fail, 0, import, &args, &arg(2 + n)?)?;
            }
            Opcode::GcBif1 | Opcode::GcBif2 | Opcode::GcBif3 => {
                let fail = self.fail_block(Some(&arg(0)?))?;
                let live = self.unsigned(instruction, 1)?;
                let import = self.unsigned(instruction, 2)?;
                let n = match op {
                    Opcode::GcBif1 => 1,
                    Opcode::GcBif2 => 2,
                    _ => 3,
                };
                let args: Vec<Operand> = (0..n).map(|i| arg(3 + i)).collect::<Result<_, _>>()?;
                self.lower_bif(fail, live, import, &args, &arg(3 + n)?)?;
            }
            Opcode::IsInteger
            | Opcode::IsFloat
            | Opcode::IsNumber
            | Opcode::IsAtom
            | Opcode::IsPid
            | Opcode::IsReference
            | Opcode::IsPort
            | Opcode::IsNil
            | Opcode::IsBinary
            | Opcode::IsList
            | Opcode::IsNonemptyList
            | Opcode::IsTuple
            | Opcode::IsBoolean
            | Opcode::IsMap
            | Opcode::IsBitstr
            | Opcode::IsFunction => {
                let test = match op {
                    Opcode::IsInteger => TypeTest::Integer,
                    Opcode::IsFloat => TypeTest::Float,
                    Opcode::IsNumber => TypeTest::Number,
                    Opcode::IsAtom => TypeTest::Atom,
                    Opcode::IsPid => TypeTest::Pid,
                    Opcode::IsReference => TypeTest::Reference,
                    Opcode::IsPort => TypeTest::Port,
                    Opcode::IsNil => TypeTest::Nil,
                    Opcode::IsBinary => TypeTest::Binary,
                    Opcode::IsBitstr => TypeTest::Bitstring,
                    Opcode::IsList => TypeTest::List,
                    Opcode::IsNonemptyList => TypeTest::NonemptyList,
                    Opcode::IsTuple => TypeTest::Tuple,
                    Opcode::IsBoolean => TypeTest::Boolean,
                    Opcode::IsMap => TypeTest::Map,
                    _ => TypeTest::Function,
                };
                let fail = self.required_fail(&arg(0)?)?;
                self.load_to(&arg(1)?, T0)?;
                self.emit_type_test(test, T0);
                self.emit([W::I32Eqz]);
                self.branch_to_fail_if(fail);
            }
            Opcode::IsFunction2 => {
                // The `bif` primitive knows funs' layout; a bad arity fails the test, as in a guard.
                let fail = self.required_fail(&arg(0)?)?;
                self.load_to(&arg(1)?, T0)?;
                self.load_to(&arg(2)?, T1)?;
                self.emit_bif_call(Bif::IsFunction2, &[T0, T1], abi_bif_silent());
                self.emit([
                    W::LocalGet(T0),
                    W::I32Const(term_enc::atom_true() as i32),
                    W::I32Ne,
                ]);
                self.branch_to_fail_if(fail);
            }
            Opcode::TestArity => {
                let fail = self.required_fail(&arg(0)?)?;
                self.load_to(&arg(1)?, T0)?;
                let arity = self.unsigned(instruction, 2)?;
                self.emit_tuple_arity_is(T0, arity);
                self.emit([W::I32Eqz]);
                self.branch_to_fail_if(fail);
            }
            Opcode::IsTaggedTuple => {
                let fail = self.required_fail(&arg(0)?)?;
                self.load_to(&arg(1)?, T0)?;
                let arity = self.unsigned(instruction, 2)?;
                self.emit_tuple_arity_is(T0, arity);
                self.emit([W::If(BlockType::Result(ValType::I32))]);
                self.emit([
                    W::LocalGet(T0),
                    W::I32Load(tagged(tuple::element(0), term_enc::PRIMARY_BOXED)),
                ]);
                self.load(&arg(3)?)?;
                self.emit([W::I32Eq, W::Else, W::I32Const(0), W::End, W::I32Eqz]);
                self.branch_to_fail_if(fail);
            }
            Opcode::IsEqExact
            | Opcode::IsNeExact
            | Opcode::IsEq
            | Opcode::IsNe
            | Opcode::IsLt
            | Opcode::IsGe => {
                let fail = self.required_fail(&arg(0)?)?;
                let (a, b) = (arg(1)?, arg(2)?);
                self.load_to(&a, T0)?;
                self.load_to(&b, T1)?;
                // An immediate is exactly equal only to the same word; an atom or `[]` is
                // also arithmetically equal only to itself (a small integer may `==` a float).
                let by_word = match op {
                    Opcode::IsEqExact | Opcode::IsNeExact => {
                        is_immediate_constant(&a) || is_immediate_constant(&b)
                    }
                    Opcode::IsEq | Opcode::IsNe => is_atom_or_nil(&a) || is_atom_or_nil(&b),
                    _ => false,
                };
                // Push "the test fails".
                match op {
                    Opcode::IsEqExact | Opcode::IsEq if by_word => {
                        self.emit([W::LocalGet(T0), W::LocalGet(T1), W::I32Ne]);
                    }
                    Opcode::IsNeExact | Opcode::IsNe if by_word => {
                        self.emit([W::LocalGet(T0), W::LocalGet(T1), W::I32Eq]);
                    }
                    Opcode::IsEqExact => {
                        self.emit_equal(T0, T1, true);
                        self.emit([W::I32Eqz]);
                    }
                    Opcode::IsNeExact => self.emit_equal(T0, T1, true),
                    Opcode::IsEq => {
                        self.emit_equal(T0, T1, false);
                        self.emit([W::I32Eqz]);
                    }
                    Opcode::IsNe => self.emit_equal(T0, T1, false),
                    Opcode::IsLt => {
                        self.emit_less_than(T0, T1);
                        self.emit([W::I32Eqz]);
                    }
                    _ => self.emit_less_than(T0, T1),
                }
                self.branch_to_fail_if(fail);
            }
            Opcode::SelectVal => {
                let fail = self.required_fail(&arg(1)?)?;
                let items = self.list(instruction, 2)?;
                let pairs = self.select_pairs(&items)?;
                self.load_to(&arg(0)?, T1)?;
                let all_small = pairs.iter().all(|(k, _)| matches!(k, SelectKey::Int(_)));
                if all_small {
                    // Integers: only a small integer can match; select on its value.
                    self.emit(term_enc::wasm::is_not_small(T1));
                    self.branch_to_fail_if(fail);
                    self.emit([W::LocalGet(T1)]);
                    self.emit(term_enc::wasm::small_value());
                    self.emit([W::LocalSet(T0)]);
                }
                self.emit_select(pairs, fail)?;
            }
            Opcode::SelectTupleArity => {
                let fail = self.required_fail(&arg(1)?)?;
                let items = self.list(instruction, 2)?;
                self.load_to(&arg(0)?, T1)?;
                self.emit_type_test(TypeTest::Tuple, T1);
                self.emit([W::I32Eqz]);
                self.branch_to_fail_if(fail);
                self.emit([W::LocalGet(T1)]);
                self.emit(term_enc::wasm::untag(term_enc::PRIMARY_BOXED));
                self.emit([W::I32Load(mem(0))]);
                self.emit(term_enc::wasm::header_size());
                self.emit([W::LocalSet(T0)]);
                let mut pairs = Vec::new();
                for chunk in items.chunks(2) {
                    match chunk {
                        [Operand::U(arity), Operand::Label(l)] => {
                            pairs.push((SelectKey::Int(*arity as i64), self.label_block(*l)?))
                        }
                        other => {
                            return Err(self.error(format!("select_tuple_arity case {other:?}")))
                        }
                    }
                }
                self.emit_select(pairs, fail)?;
            }
            Opcode::Jump => {
                let target = self.label_operand(&arg(0)?)?;
                let block = self.label_block(target)?;
                self.finish(Terminator::Jump(block));
            }
            Opcode::GetList => {
                self.load_to(&arg(0)?, T0)?;
                self.emit([
                    W::LocalGet(T0),
                    W::I32Load(tagged(list_cell::HEAD, term_enc::PRIMARY_LIST)),
                    W::LocalSet(T1),
                    W::LocalGet(T0),
                ]);
                self.emit(term_enc::wasm::untag(term_enc::PRIMARY_LIST));
                self.emit([W::I32Load(mem(list_cell::TAIL)), W::LocalSet(T2)]);
                self.store(&arg(1)?, T1)?;
                self.store(&arg(2)?, T2)?;
            }
            Opcode::GetHd | Opcode::GetTl => {
                self.load_to(&arg(0)?, T0)?;
                // Through the list tag: the head at an offset, the tail after untagging.
                let (add, offset) = if op == Opcode::GetHd {
                    (0, list_cell::HEAD - term_enc::PRIMARY_LIST)
                } else {
                    (-(term_enc::PRIMARY_LIST as i32), list_cell::TAIL)
                };
                self.emit([
                    W::LocalGet(T0),
                    W::I32Const(add),
                    W::I32Add,
                    W::I32Load(mem(offset)),
                    W::LocalSet(T1),
                ]);
                self.store(&arg(1)?, T1)?;
            }
            Opcode::PutList => {
                self.load_to(&arg(0)?, T0)?;
                self.load_to(&arg(1)?, T1)?;
                self.emit([
                    W::LocalGet(CTX),
                    W::I32Load(mem(ctx::HEAP_TOP)),
                    W::LocalTee(T2),
                    W::LocalGet(T1),
                    W::I32Store(mem(list_cell::TAIL)),
                    W::LocalGet(T2),
                    W::LocalGet(T0),
                    W::I32Store(mem(list_cell::HEAD)),
                ]);
                self.emit_finish_allocation(list_cell::BYTES, term_enc::PRIMARY_LIST, &arg(2)?)?;
            }
            Opcode::PutTuple2 => {
                let elements = self.list(instruction, 1)?;
                let n = elements.len() as u32;
                self.emit([
                    W::LocalGet(CTX),
                    W::I32Load(mem(ctx::HEAP_TOP)),
                    W::LocalTee(T2),
                    W::I32Const(term_enc::header(n, tags::TUPLE) as i32),
                    W::I32Store(mem(0)),
                ]);
                for (i, element) in elements.iter().enumerate() {
                    self.emit([W::LocalGet(T2)]);
                    self.load(element)?;
                    self.emit([W::I32Store(mem(tuple::element(i as u32)))]);
                }
                self.emit_finish_allocation(tuple::element(n), term_enc::PRIMARY_BOXED, &arg(0)?)?;
            }
            Opcode::GetTupleElement => {
                self.load_to(&arg(0)?, T0)?;
                let index = self.unsigned(instruction, 1)?;
                self.emit([
                    W::LocalGet(T0),
                    W::I32Load(tagged(tuple::element(index), term_enc::PRIMARY_BOXED)),
                    W::LocalSet(T1),
                ]);
                self.store(&arg(2)?, T1)?;
            }
            Opcode::SetTupleElement => {
                self.load_to(&arg(0)?, T0)?;
                self.load_to(&arg(1)?, T1)?;
                let index = self.unsigned(instruction, 2)?;
                self.emit([
                    W::LocalGet(T1),
                    W::LocalGet(T0),
                    W::I32Store(tagged(tuple::element(index), term_enc::PRIMARY_BOXED)),
                ]);
            }
            Opcode::Badmatch => {
                self.emit_raise(RaiseKind::Badmatch, Some(&arg(0)?))?;
                self.finish(Terminator::Exit);
            }
            Opcode::CaseEnd => {
                self.emit_raise(RaiseKind::CaseClause, Some(&arg(0)?))?;
                self.finish(Terminator::Exit);
            }
            Opcode::TryCaseEnd => {
                self.emit_raise(RaiseKind::TryClause, Some(&arg(0)?))?;
                self.finish(Terminator::Exit);
            }
            Opcode::IfEnd => {
                self.emit_raise(RaiseKind::IfClause, None)?;
                self.finish(Terminator::Exit);
            }
            Opcode::Badrecord => {
                self.emit_raise(RaiseKind::Badrecord, Some(&arg(0)?))?;
                self.finish(Terminator::Exit);
            }
            Opcode::Try | Opcode::Catch => {
                let handler = self.label_operand(&arg(1)?)?;
                if handler >= 1 << 14 {
                    return Err(self.error(format!(
                        "a catch handler at label {handler} (catch markers name labels below 16384)"
                    )));
                }
                let block = self.label_block(handler)?;
                // The handler is entered by the dispatcher when `handle_error` finds the marker.
                self.add_entry(handler, block);
                // This module's bits are where a continuation word has them.
                self.emit(cp::push_module_base());
                self.emit([
                    W::I32Const(term_enc::catch_marker(0, handler) as i32),
                    W::I32Or,
                    W::LocalSet(T0),
                ]);
                self.store(&arg(0)?, T0)?;
            }
            Opcode::TryEnd => {
                self.emit([W::I32Const(term_enc::NIL as i32), W::LocalSet(T0)]);
                self.store(&arg(0)?, T0)?;
            }
            Opcode::TryCase => {
                // The marker is spent; class, reason and raw stack trace move to x0..x2.
                self.emit([W::I32Const(term_enc::NIL as i32), W::LocalSet(T0)]);
                self.store(&arg(0)?, T0)?;
                for i in 0..3 {
                    self.emit([
                        W::LocalGet(CTX),
                        W::LocalGet(CTX),
                        W::I32Load(mem(ctx::x(i + 1))),
                        W::I32Store(mem(ctx::x(i))),
                    ]);
                }
            }
            Opcode::CatchEnd => {
                self.emit([W::I32Const(term_enc::NIL as i32), W::LocalSet(T0)]);
                self.store(&arg(0)?, T0)?;
                // Reached from the handler, x0 is the non-value: compute the catch's value.
                self.emit([
                    W::LocalGet(CTX),
                    W::I32Load(mem(ctx::x(0))),
                    W::I32Eqz,
                    W::If(BlockType::Empty),
                ]);
                self.emit_op_primitive(
                    Primitive::Exception,
                    exception_op::CATCH_VALUE,
                    None,
                    None,
                )?;
                self.emit([W::LocalSet(T0), W::LocalGet(T0)]);
                self.emit_check_raised();
                self.store(&Operand::X(0), T0)?;
                self.emit([W::End]);
            }
            Opcode::BuildStacktrace => {
                self.emit_op_primitive(
                    Primitive::Exception,
                    exception_op::BUILD_STACKTRACE,
                    Some(&Operand::X(0)),
                    None,
                )?;
                self.emit([W::LocalSet(T0)]);
                self.store(&Operand::X(0), T0)?;
            }
            Opcode::Raise => {
                let (stacktrace, reason) = (arg(0)?, arg(1)?);
                self.emit_op_primitive(
                    Primitive::Exception,
                    exception_op::RAISE,
                    Some(&stacktrace),
                    Some(&reason),
                )?;
                self.emit([W::Drop]);
                self.emit_raise_pending();
                self.finish(Terminator::Exit);
            }
            Opcode::RawRaise => {
                // Raises, or (when x0 is not a class) leaves `badarg` in x0 and goes on.
                self.emit_op_primitive(Primitive::Exception, exception_op::RAW_RAISE, None, None)?;
                self.emit([W::LocalSet(T0), W::LocalGet(T0)]);
                self.emit_check_raised();
                self.store(&Operand::X(0), T0)?;
            }
            // Funs, map and bit-syntax instructions live in their own files (`lower/`).
            _ if self.lower_fun_instruction(instruction)? => {}
            _ if self.lower_float_instruction(instruction)? => {}
            _ if self.lower_receive_instruction(instruction)? => {}
            _ if self.lower_map_instruction(instruction)? => {}
            _ if self.lower_bits_instruction(instruction)? => {}
            other => return Err(self.error(format!("opcode {}", other.name()))),
        }
        Ok(())
    }

    /// After writing a term of `bytes` at the old heap top (in `T2`): bump the heap top past
    /// it, and store the pointer with its primary tag (`PRIMARY_LIST`, `PRIMARY_BOXED`) into
    /// `destination`.
    fn emit_finish_allocation(
        &mut self,
        bytes: u32,
        primary: u32,
        destination: &Operand,
    ) -> Result<(), CompileError> {
        self.emit([
            W::LocalGet(CTX),
            W::LocalGet(T2),
            W::I32Const(bytes as i32),
            W::I32Add,
            W::I32Store(mem(ctx::HEAP_TOP)),
            W::LocalGet(T2),
        ]);
        self.emit(term_enc::wasm::tag(primary));
        self.emit([W::LocalSet(T2)]);
        self.store(destination, T2)
    }

    /// Keeps `frame` up to date: records the frame state at every label this instruction may
    /// branch to (not call targets: a callee starts without a frame), then applies its effect.
    fn track_frame(&mut self, instruction: &Instruction) {
        fn labels(operands: &[Operand], out: &mut Vec<u32>) {
            for operand in operands {
                match operand {
                    Operand::Label(l) if *l != 0 => out.push(*l),
                    Operand::List(items) => labels(items, out),
                    _ => {}
                }
            }
        }
        let op = instruction.opcode;
        if !matches!(
            op,
            Opcode::Label
                | Opcode::Call
                | Opcode::CallOnly
                | Opcode::CallLast
                | Opcode::MakeFun2
                | Opcode::MakeFun3
        ) {
            let mut targets = Vec::new();
            labels(&instruction.args, &mut targets);
            for l in targets {
                self.label_frames.entry(l).or_insert(self.frame);
            }
        }
        match op {
            Opcode::Allocate
            | Opcode::AllocateZero
            | Opcode::AllocateHeap
            | Opcode::AllocateHeapZero => self.frame = true,
            Opcode::Deallocate => self.frame = false,
            _ => {}
        }
    }

    fn label_operand(&self, operand: &Operand) -> Result<u32, CompileError> {
        match operand {
            Operand::Label(l) => Ok(*l),
            other => Err(self.error(format!("expected a label, found {other:?}"))),
        }
    }

    fn required_fail(&self, operand: &Operand) -> Result<BlockId, CompileError> {
        self.fail_block(Some(operand))?
            .ok_or_else(|| self.error("a test without a fail label"))
    }

    fn select_pairs(&self, items: &[Operand]) -> Result<Vec<(SelectKey, BlockId)>, CompileError> {
        let mut pairs = Vec::new();
        for chunk in items.chunks(2) {
            let [key, Operand::Label(l)] = chunk else {
                return Err(self.error(format!("select_val case {chunk:?}")));
            };
            let key = match key {
                Operand::Int(v) if term_enc::fits_small(*v) => SelectKey::Int(*v),
                other => SelectKey::Term(other.clone()),
            };
            pairs.push((key, self.label_block(*l)?));
        }
        Ok(pairs)
    }
}

/// `continue(ctx, js, ni, target)`, a tail call: goes on at the continuation word in local
/// `target`.
fn tail_call_continuation(target: u32) -> [W<'static>; 5] {
    [
        W::LocalGet(CTX),
        W::LocalGet(JS),
        W::LocalGet(NI),
        W::LocalGet(target),
        W::ReturnCall(HELPER_CONTINUE),
    ]
}

/// Code that goes on at the continuation word in local `target`: by tail call when it is
/// another module's, else it leaves the label for a `Dispatch`.
fn continue_at(target: u32) -> Code {
    let mut code: Code = cp::is_other_module(target).to_vec();
    code.push(W::If(BlockType::Empty));
    code.extend(tail_call_continuation(target));
    code.push(W::End);
    code.extend(cp::push_label(target));
    code
}

/// `return`'s code: on at `cp`, leaving its label for a `Dispatch`.
fn return_code() -> Code {
    let mut code = vec![W::LocalGet(CTX), W::I32Load(mem(ctx::CP)), W::LocalSet(T3)];
    code.extend(continue_at(T3));
    code
}

/// The `live` operand of a BIF call: with a fail label (a guard) the call is silent, so that a
/// failure allocates nothing and the registers the fail path reads stay valid.
fn guard_live(fail: Option<BlockId>, live: u32) -> u32 {
    match fail {
        Some(_) => live | abi_bif_silent(),
        None => live,
    }
}

fn abi_bif_silent() -> u32 {
    crate::abi::BIF_SILENT
}

/// The entry labels of the functions whose entry counts a reduction. Every loop of BEAM code is
/// a cycle of calls (a `receive` waits, it does not spin), and such a cycle goes through one of
/// them: a function entered from outside the module (exported: external calls, `apply` and
/// `spawn` reach only exports), a fun's function, or one on a cycle of local calls. Any other
/// function runs a bounded amount of code before it returns or calls one of these, so counting
/// only these bounds every slice: the same fairness with far fewer checks in the code.
fn reduction_counting_entries(module: &BeamModule) -> std::collections::HashSet<u32> {
    use petgraph::graph::DiGraph;
    let function_of: HashMap<u32, usize> = module
        .functions
        .iter()
        .enumerate()
        .map(|(index, f)| (f.entry_label, index))
        .collect();
    let mut calls = DiGraph::<(), ()>::with_capacity(module.functions.len(), 0);
    let nodes: Vec<_> = module
        .functions
        .iter()
        .map(|_| calls.add_node(()))
        .collect();
    let mut self_calling = vec![false; module.functions.len()];
    for (caller, function) in module.functions.iter().enumerate() {
        for instruction in &function.instructions {
            if !matches!(
                instruction.opcode,
                Opcode::Call | Opcode::CallOnly | Opcode::CallLast
            ) {
                continue;
            }
            if let Some(&callee) = match instruction.args.get(1) {
                Some(Operand::Label(label)) => function_of.get(label),
                _ => None,
            } {
                calls.add_edge(nodes[caller], nodes[callee], ());
                self_calling[caller] |= callee == caller;
            }
        }
    }
    let mut counting: std::collections::HashSet<u32> = module
        .exports
        .iter()
        .map(|e| e.label)
        .chain(module.funs.iter().map(|f| f.label))
        .collect();
    for component in petgraph::algo::tarjan_scc(&calls) {
        for node in &component {
            let index = node.index();
            if component.len() > 1 || self_calling[index] {
                counting.insert(module.functions[index].entry_label);
            }
        }
    }
    counting
}

/// A constant operand whose term is an immediate word: an atom, `[]` or a small integer.
fn is_immediate_constant(operand: &Operand) -> bool {
    match operand {
        Operand::Int(v) => crate::abi::term::fits_small(*v),
        other => is_atom_or_nil(other),
    }
}

fn is_atom_or_nil(operand: &Operand) -> bool {
    matches!(operand, Operand::Atom(_) | Operand::Nil)
}

/// Code that leaves the case index of the value in `T0` among sorted `(value, case)` pairs,
/// or `default`. Depth is logarithmic in the number of cases.
fn binary_search(pairs: &[(i64, usize)], default: i32) -> Code {
    if pairs.len() <= 4 {
        let mut code = vec![W::Block(BlockType::Result(ValType::I32))];
        for &(value, case) in pairs {
            code.extend([
                W::I32Const(case as i32),
                W::LocalGet(T0),
                W::I32Const(value as i32),
                W::I32Eq,
                W::BrIf(0),
                W::Drop,
            ]);
        }
        code.extend([W::I32Const(default), W::End]);
        return code;
    }
    let (low, high) = pairs.split_at(pairs.len() / 2);
    let mut code = vec![
        W::LocalGet(T0),
        W::I32Const(high[0].0 as i32),
        W::I32LtS,
        W::If(BlockType::Result(ValType::I32)),
    ];
    code.extend(binary_search(low, default));
    code.push(W::Else);
    code.extend(binary_search(high, default));
    code.push(W::End);
    code
}

enum SelectKey {
    /// A small integer (or an arity), compared as a plain i32 in `T0`.
    Int(i64),
    /// Any other term, compared exactly with the selected term in `T1`.
    Term(Operand),
}

/// A memory operand through a tagged pointer: `address - tag + offset`. Every use has an
/// offset of at least the tag, so the subtraction folds into the (unsigned) offset.
fn tagged(offset: u32, tag: u32) -> MemArg {
    debug_assert!(offset >= tag);
    mem(offset - tag)
}
