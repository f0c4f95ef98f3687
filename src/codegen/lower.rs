//! BEAM instructions to basic blocks of WASM code: one block per BEAM label, split after every
//! conditional exit, call and return point. The blocks and their terminators are the module's
//! control-flow graph (a `cfg::Cfg`), which the emission turns into functions.
//!
//! Conventions inside a block's code (see `docs/abi.md`): locals 0..3 are the ABI parameters,
//! x registers live in `ctx` (the first few mirrored in locals within a block:
//! `x_cache`), y registers on the stack at `e`, atoms and literals come from the
//! module data record (`global 0`). A term, like every word of the heap, stack and registers,
//! is an `i64` (8 bytes in memory); addresses, counts and truth values are `i32`s. Errors never
//! add edges: a failing instruction asks the host where to resume and tail-calls there.
//!
//! Each family of opcodes is a child module, an `impl Lowerer` block that claims its opcodes
//! (`lower_instruction` routes to them); what several families share is here.

mod arith;
mod bits;
mod calls;
use calls::CallKind;
mod construction;
mod control;
mod exceptions;
mod floats;
mod funs;
mod maps;
mod moves;
mod receive;
mod x_cache;

use std::collections::{HashMap, HashSet};

use num_bigint::BigInt;
use wasm_encoder::{BlockType, Instruction as W, MemArg, ValType};

use super::emission::Emission;
use super::graph::GraphBuilder;
use super::{Code, CompileError, CompileOptions};
use crate::abi::module::{HELPER_PRIMITIVES, MODULE_DATA_GLOBAL};
use crate::abi::term as term_enc;
use crate::abi::term::wasm::{constant, load_word, store_word, word_mem};
use crate::abi::{cp, ctx, Bif, DataLayout, Primitive, RaiseKind, Site, TraceInfo};
use crate::beam::{AllocKind, BeamModule, Function, Instruction, Opcode, Operand, Register, Term};
use crate::cfg::{BlockId, Cfg, Terminator};
use construction::Item;

pub const CTX: u32 = 0;
pub const JS: u32 = 1;
pub const NI: u32 = 2;
pub const LABEL: u32 = 3;
/// Scratch `i64` locals: terms and the other words of the heap, stack and registers.
const T0: u32 = 4;
const T1: u32 = 5;
const T2: u32 = 6;
const T3: u32 = 7;
/// Scratch `i32` locals: addresses, sizes, counts and truth values. By convention `A0` holds
/// the address of the object being written or read, `A1` a second address (`e`, a refc
/// binary), `A2` values that live within one instruction sequence (a boxed tag, a count).
const A0: u32 = 8;
const A1: u32 = 9;
const A2: u32 = 10;
/// Scratch `f64` local (float arithmetic).
const F0: u32 = 11;
/// Scratch locals free at the end of every block (for code emitted around blocks): an `i32`
/// and an `i64` (a continuation word).
pub const SCRATCH: u32 = A2;
pub const SCRATCH_WORD: u32 = T3;
/// Locals after the parameters: `(count, type)`; the last are the mirrors of the first x
/// registers (`x_cache`).
pub const LOCALS: [(u32, ValType); 4] = [
    (4, ValType::I64),
    (3, ValType::I32),
    (1, ValType::F64),
    (x_cache::MIRRORED, ValType::I64),
];
/// The first of the locals that `void_blocks` adds after [`LOCALS`]: its `i32`s, then its
/// `i64`s.
pub const FIRST_EXTRA_LOCAL: u32 = x_cache::FIRST_LOCAL + x_cache::MIRRORED;

/// The locals of a function whose code needs `extra` more (see `void_blocks`): its `i32`s
/// from [`FIRST_EXTRA_LOCAL`] on, then its `i64`s.
pub fn locals(extra: super::void_blocks::TypedExtraLocals) -> Vec<(u32, ValType)> {
    let mut locals = LOCALS.to_vec();
    if extra.narrow.0 > 0 {
        locals.push((extra.narrow.0, ValType::I32));
    }
    if extra.wide > 0 {
        locals.push((extra.wide, ValType::I64));
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

/// The memory argument of a 4-byte access (an address or count in `ctx`, the JIT state or a
/// binary block's header).
pub(super) fn mem(offset: u32) -> MemArg {
    MemArg {
        offset: offset as u64,
        align: 2,
        memory_index: 0,
    }
}

/// 1 if the room between the heap top and the stack (`e` is above the heap) is less than
/// `bytes`: an unsigned comparison that no need, however large, wraps.
pub(super) fn heap_room_below(bytes: u32) -> [W<'static>; 7] {
    [
        W::LocalGet(CTX),
        W::I32Load(mem(ctx::E)),
        W::LocalGet(CTX),
        W::I32Load(mem(ctx::HEAP_TOP)),
        W::I32Sub,
        W::I32Const(bytes as i32),
        W::I32LtU,
    ]
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
    /// How the fun call being lowered calls (`fun_call_tail`).
    fun_call_kind: CallKind,
    /// The line in effect at each label lowered so far (a process waiting in a `receive` is,
    /// as BEAM reports it, at its loop's label).
    label_lines: HashMap<u32, u32>,
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
    counting_entries: HashSet<u32>,
    /// Which x registers' mirror locals are current in the code being emitted.
    x_cache: x_cache::XCache,
}

/// Operand `i` of `instruction`: a missing one is malformed code.
fn operand(
    module: &BeamModule,
    instruction: &Instruction,
    i: usize,
) -> Result<Operand, CompileError> {
    instruction
        .args
        .get(i)
        .cloned()
        .ok_or_else(|| CompileError::Malformed {
            module: module.name.clone(),
            what: format!("{} is missing operand {i}", instruction.opcode.name()),
        })
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
        label_lines: HashMap::new(),
        fun_call_kind: CallKind::Body,
        function_index: 0,
        frame: false,
        label_frames: HashMap::new(),
        entry_label: 0,
        counts_reductions: true,
        counting_entries: HashSet::new(),
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
            fun_labels: module.funs.iter().map(|f| f.label).collect(),
            label_owners: (0..label_count.max(1))
                .map(|l| module.label_site(l).map_or(0, |s| s.function as u32))
                .collect(),
            ..TraceInfo::default()
        },
        site_ids: HashMap::new(),
        x_cache: x_cache::XCache::default(),
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
    lowerer.counting_entries = calls::reduction_counting_entries(module);
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
            Operand::Int(v) if !term_enc::fits_small(*v) => BigInt::from(*v),
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
        let block = self.graph.current_or_open();
        self.x_cache.enter(block);
        let code = self.graph.code();
        for instruction in instructions {
            let after = self.x_cache.after(&instruction);
            code.push(instruction);
            code.extend(after);
        }
    }

    /// The x-register mirrors, describing the block being filled.
    fn x_cache(&mut self) -> &mut x_cache::XCache {
        let block = self.graph.current_or_open();
        self.x_cache.enter(block);
        &mut self.x_cache
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
        let items = construction::fold_constructions(self.module, &function.instructions)
            .map_err(|what| self.error(what))?;
        // A function the host implements (a NIF stub such as `crypto:hash_nif/2`, or a
        // function the catalog takes over) runs the BIF from its entry, as a loaded NIF
        // replaces the function's code on BEAM: local calls and `apply` reach it too. The
        // Erlang body after it is never entered.
        let host_owned = Bif::from_mfa(&self.module.name, &self.function, self.arity);
        let mut skip = 0;
        for (i, item) in items.iter().enumerate() {
            if skip > 0 {
                // Folded into the call before them (`fun_call_kind`).
                skip -= 1;
                if let Item::Instruction(instruction) = item {
                    self.track_frame(instruction);
                }
                continue;
            }
            match item {
                Item::Instruction(instruction) => {
                    if matches!(instruction.opcode, Opcode::CallFun | Opcode::CallFun2) {
                        let (kind, folded) = self.fun_call_tail(&items[i + 1..])?;
                        self.fun_call_kind = kind;
                        skip = folded;
                    }
                    self.lower_instruction(instruction)?;
                    if let (Some(bif), Opcode::Label, Some(Operand::U(label))) =
                        (host_owned, instruction.opcode, instruction.args.first())
                    {
                        if *label as u32 == self.entry_label {
                            self.emit_bif_body(bif)?;
                        }
                    }
                }
                Item::Construction {
                    construction,
                    instructions,
                } => {
                    for instruction in *instructions {
                        self.track_frame(instruction);
                    }
                    self.lower_construction(construction)?;
                }
            }
        }
        // A function's code never falls off its end; close a dangling block safely.
        if self.graph.current().is_some() {
            self.emit([W::Unreachable]);
            self.finish(Terminator::Exit);
        }
        Ok(())
    }

    /// How a fun call followed by `items` calls: as a tail call when `return` (or `deallocate N`,
    /// `return`) follows, as BEAM's loader fuses them (`i_call_fun_last`), so the caller's
    /// frame is gone during the call: loops through funs in tail position run in constant
    /// stack, and stack traces show what BEAM's do. Also how many of `items` that folds in.
    fn fun_call_tail(&self, items: &[Item<'_>]) -> Result<(CallKind, usize), CompileError> {
        let opcode = |k: usize| match items.get(k) {
            Some(Item::Instruction(instruction)) => Some((instruction.opcode, *instruction)),
            _ => None,
        };
        Ok(match (opcode(0), opcode(1)) {
            (Some((Opcode::Return, _)), _) => (CallKind::Tail, 1),
            (Some((Opcode::Deallocate, deallocate)), Some((Opcode::Return, _))) => {
                (CallKind::Last(self.unsigned(deallocate, 0)?), 2)
            }
            _ => (CallKind::Body, 0),
        })
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
            match term_enc::FIXED_ATOMS.iter().position(|a| *a == name) {
                Some(fixed) => AtomOperand::Immediate(term_enc::atom(fixed as u32)),
                None => AtomOperand::Table(self.layout.atoms + term_enc::word(index)),
            },
        )
    }

    /// Pushes the term (an `i64`) an operand denotes.
    fn load(&mut self, operand: &Operand) -> Result<(), CompileError> {
        let code: Code = match operand {
            Operand::X(n) => self.x_load(*n)?,
            Operand::Y(n) => self.y_load(*n)?,
            Operand::TypedReg { register, .. } => match register {
                Register::X(n) => self.x_load(*n)?,
                Register::Y(n) => self.y_load(*n)?,
            },
            Operand::Atom(index) => match self.atom_term(*index)? {
                AtomOperand::Immediate(t) => vec![constant(t)],
                AtomOperand::Table(offset) => {
                    vec![W::GlobalGet(MODULE_DATA_GLOBAL), load_word(offset)]
                }
            },
            Operand::Nil => vec![constant(term_enc::NIL)],
            Operand::Int(v) if term_enc::fits_small(*v) => vec![constant(term_enc::small(*v))],
            Operand::Int(_) | Operand::BigInt(_) => {
                let big = match operand {
                    Operand::Int(v) => BigInt::from(*v),
                    Operand::BigInt(b) => b.clone(),
                    _ => unreachable!("matched above"),
                };
                let index = self.big_literals[&big];
                vec![
                    W::GlobalGet(MODULE_DATA_GLOBAL),
                    load_word(self.layout.literals + term_enc::word(index)),
                ]
            }
            Operand::Literal(index) => {
                vec![
                    W::GlobalGet(MODULE_DATA_GLOBAL),
                    load_word(self.layout.literals + term_enc::word(*index)),
                ]
            }
            Operand::Char(c) => vec![constant(term_enc::small(i64::from(*c)))],
            other => return Err(self.error(format!("operand {other:?} as a value"))),
        };
        self.emit(code);
        Ok(())
    }

    fn x_load(&mut self, n: u32) -> Result<Code, CompileError> {
        if n >= ctx::X_REGISTERS {
            return Err(self.error(format!("x register {n} (at most {})", ctx::X_REGISTERS - 1)));
        }
        Ok(self.x_cache().load(n))
    }

    fn y_load(&self, n: u32) -> Result<Code, CompileError> {
        Ok(vec![
            W::LocalGet(CTX),
            W::I32Load(mem(ctx::E)),
            load_word(self.y_offset(n)?),
        ])
    }

    /// The byte offset of y register `n` from `e`.
    fn y_offset(&self, n: u32) -> Result<u32, CompileError> {
        n.checked_mul(term_enc::WORD_BYTES)
            .ok_or_else(|| self.error(format!("y register {n}")))
    }

    /// Stores the term in (`i64`) local `value` into a register operand.
    fn store(&mut self, destination: &Operand, value: u32) -> Result<(), CompileError> {
        let register = match destination {
            Operand::TypedReg { register, .. } => *register,
            Operand::X(n) => Register::X(*n),
            Operand::Y(n) => Register::Y(*n),
            other => return Err(self.error(format!("destination {other:?}"))),
        };
        let code = match register {
            Register::X(n) => {
                if n >= ctx::X_REGISTERS {
                    return Err(self.error(format!("x register {n}")));
                }
                let mut code = vec![W::LocalGet(CTX), W::LocalGet(value), store_word(ctx::x(n))];
                code.extend(self.x_cache().stored(n, value));
                code
            }
            Register::Y(n) => vec![
                W::LocalGet(CTX),
                W::I32Load(mem(ctx::E)),
                W::LocalGet(value),
                store_word(self.y_offset(n)?),
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
                // Saturating: an absurd need from a malformed file asks for more room than
                // there is (the collection then fails), never for less.
                let mut words = 0u32;
                for entry in entries {
                    let each = match entry.kind {
                        AllocKind::Words => 1,
                        // A boxed float: its header and the double's word.
                        AllocKind::Floats => 1 + term_enc::float::WORDS,
                        // A fun's fixed words; its free variables are counted in `Words`.
                        AllocKind::Funs => term_enc::fun::LOCAL_WORDS,
                    };
                    words = words.saturating_add(each.saturating_mul(entry.amount));
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
    /// terms (`exception`, `process`), leaving its result (an `i64`) on the stack; a missing
    /// operand passes 0.
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
                None => self.emit([W::I64Const(0)]),
            }
        }
        self.call_primitive(primitive);
        Ok(())
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
        let site = self.site_here(has_frame);
        let sites = &mut self.trace.sites;
        *self.site_ids.entry(site).or_insert_with(|| {
            sites.push(site);
            sites.len() as u32 - 1
        })
    }

    /// The code site here (function, source location, frame state), not numbered.
    fn site_here(&self, has_frame: bool) -> Site {
        let (file, line) = self
            .module
            .lines
            .as_ref()
            .and_then(|lines| {
                let item = lines.items.get((self.line as usize).checked_sub(1)?)?;
                Some((item.file, item.line))
            })
            .unwrap_or((0, 0));
        Site {
            function: self.function_index,
            file,
            line,
            has_frame,
        }
    }

    /// If the result of `primitive` on the stack is `NON_VALUE` (an `i64` term, or the `i32`
    /// `0` of a primitive that returns a flag), the callee raised: handle it in place.
    fn emit_check_raised(&mut self, primitive: Primitive) {
        self.emit([eqz(primitive.result_type()), W::If(BlockType::Empty)]);
        self.emit_raise_pending();
        self.emit([W::End]);
    }

    /// Raises an error whose reason the host builds from `kind` and the term in `value`.
    fn emit_raise(&mut self, kind: RaiseKind, value: Option<&Operand>) -> Result<(), CompileError> {
        self.emit([W::LocalGet(CTX), W::I32Const(kind as i32)]);
        match value {
            Some(v) => self.load(v)?,
            None => self.emit([constant(term_enc::NIL)]),
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
            let bytes = words.saturating_mul(term_enc::WORD_BYTES);
            self.emit(heap_room_below(bytes));
            self.emit([W::If(BlockType::Empty)]);
        }
        self.emit([
            W::LocalGet(CTX),
            W::I32Const(words as i32),
            W::I32Const(live as i32),
        ]);
        self.call_primitive(Primitive::Gc);
        self.emit_check_raised(Primitive::Gc);
        if !force {
            self.emit([W::End]);
        }
    }

    /// Returns to the host, which resumes at `label` of this module later: stores that
    /// continuation in the JIT state and returns `ctx`.
    fn emit_yield_at(&mut self, label: u32) {
        let code = self.emission.yield_at(label);
        self.emit(code);
    }

    fn import_mfa(&self, index: u32) -> Result<(&str, &str, u32), CompileError> {
        self.module
            .import_mfa(index as usize)
            .ok_or_else(|| CompileError::Malformed {
                module: self.module.name.clone(),
                what: format!("import {index} out of range"),
            })
    }

    /// Calls a BIF with the terms in (`i64`) locals `args`; leaves the result in `T0`.
    fn emit_bif_call(&mut self, bif: Bif, args: &[u32], live: u32) {
        self.emit([
            W::LocalGet(CTX),
            W::I32Const(bif.id() as i32),
            W::I32Const(live as i32),
        ]);
        for i in 0..3 {
            match args.get(i) {
                Some(&local) => self.emit([W::LocalGet(local)]),
                None if i == args.len() && bif.wants_call_site() => {
                    // Where the call is: this module's continuation base, the site number in
                    // the label bits (the host reads NIL as unknown).
                    let site = self.site(self.frame);
                    if site < cp::MAX_LABELS {
                        self.emit(cp::push_module_base());
                        self.emit([W::I64Const(cp::label_bits(site) as i64), W::I64Or]);
                    } else {
                        self.emit([constant(term_enc::NIL)]);
                    }
                }
                None => self.emit([constant(term_enc::NIL)]),
            }
        }
        self.call_primitive(Primitive::Bif);
        self.emit([W::LocalSet(T0)]);
    }

    /// After a call of `primitive` that left its result in `T0`: on failure go to `fail` or
    /// raise, else store it. The store comes last: the destination may also be a source the
    /// fail path reads.
    fn finish_bif(
        &mut self,
        primitive: Primitive,
        fail: Option<BlockId>,
        destination: &Operand,
    ) -> Result<(), CompileError> {
        self.emit_fail_on_non_value(primitive, fail);
        self.store(destination, T0)
    }

    /// `T0` holds the term a primitive returned (`primitive`: `bif`, `map_op`, `bits_op`):
    /// `NON_VALUE` goes to `fail`, or raises when there is none.
    fn emit_fail_on_non_value(&mut self, primitive: Primitive, fail: Option<BlockId>) {
        self.emit([W::LocalGet(T0)]);
        match fail {
            Some(block) => {
                self.emit([eqz(primitive.result_type())]);
                self.branch_to_fail_if(block);
            }
            None => self.emit_check_raised(primitive),
        }
    }
}

enum AtomOperand {
    /// The atom's term.
    Immediate(term_enc::Term),
    /// The offset of its word in the module data record.
    Table(u32),
}

impl Lowerer<'_> {
    /// Opens `if (t is boxed) -> i32` with the header word (an `i64`) of `t` on the stack;
    /// the caller turns the header into the result (a truth value), then adds the `else 0`
    /// with `close_if_boxed`.
    fn open_if_boxed_header(&mut self, t: u32) {
        self.emit(term_enc::wasm::is_boxed(t));
        self.emit([W::If(BlockType::Result(ValType::I32)), W::LocalGet(t)]);
        self.emit(term_enc::wasm::untag(term_enc::PRIMARY_BOXED));
        self.emit([load_word(0)]);
    }

    fn close_if_boxed(&mut self) {
        self.emit([W::Else, W::I32Const(0), W::End]);
    }

    /// Pushes 1 if the term in `t` is boxed with a header whose tag is one of `tags`.
    fn emit_boxed_tag_is(&mut self, t: u32, wanted: &[u64]) {
        self.open_if_boxed_header(t);
        self.emit(term_enc::wasm::header_tag());
        self.emit([W::LocalSet(A2)]);
        for (i, &tag) in wanted.iter().enumerate() {
            self.emit([W::LocalGet(A2), W::I32Const(tag as i32), W::I32Eq]);
            if i > 0 {
                self.emit([W::I32Or]);
            }
        }
        self.close_if_boxed();
    }

    /// Lowers one instruction: each family of opcodes (a child module) claims its own; the
    /// order matters only where two could (the maps family takes the map guard BIFs first).
    fn lower_instruction(&mut self, instruction: &Instruction) -> Result<(), CompileError> {
        self.track_frame(instruction);
        let lowered = self.lower_control_instruction(instruction)?
            || self.lower_move_instruction(instruction)?
            || self.lower_call_instruction(instruction)?
            || self.lower_map_instruction(instruction)?
            || self.lower_arith_instruction(instruction)?
            || self.lower_exception_instruction(instruction)?
            || self.lower_fun_instruction(instruction)?
            || self.lower_float_instruction(instruction)?
            || self.lower_receive_instruction(instruction)?
            || self.lower_bits_instruction(instruction)?;
        if !lowered && instruction.opcode.is_obsolete() {
            return Err(self.error(format!(
                "opcode {} (obsolete: OTP 25's loader refuses it too; recompile the module \
                 with a compiler from OTP 22 or later)",
                instruction.opcode.name()
            )));
        }
        if !lowered {
            return Err(self.error(format!("opcode {}", instruction.opcode.name())));
        }
        Ok(())
    }

    /// After writing a term of `bytes` at the old heap top (its address in `A0`): bump the
    /// heap top past it, and store the pointer with its primary tag (`PRIMARY_LIST`,
    /// `PRIMARY_BOXED`) into `destination` (through `T2`).
    fn emit_finish_allocation(
        &mut self,
        bytes: u32,
        primary: u64,
        destination: &Operand,
    ) -> Result<(), CompileError> {
        self.emit([
            W::LocalGet(CTX),
            W::LocalGet(A0),
            W::I32Const(bytes as i32),
            W::I32Add,
            W::I32Store(mem(ctx::HEAP_TOP)),
            W::LocalGet(A0),
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
}

/// The memory operand of a word through a tagged pointer: `address - tag + offset`, the
/// pointer pushed as an `i32` by [`pointer`]. Every use has an offset of at least the tag, so
/// the subtraction folds into the (unsigned) offset.
fn tagged(offset: u32, tag: u64) -> MemArg {
    debug_assert!(offset as u64 >= tag);
    word_mem(offset - tag as u32)
}

/// Pushes the pointer term in (`i64`) local `t` as an `i32`: its address plus its primary
/// tag (pointers hold 32-bit addresses), for an access at [`tagged`].
fn pointer(t: u32) -> [W<'static>; 2] {
    [W::LocalGet(t), W::I32WrapI64]
}

/// `eqz` of a value of type `ty` (`i32` or `i64`).
fn eqz(ty: ValType) -> W<'static> {
    match ty {
        ValType::I64 => W::I64Eqz,
        _ => W::I32Eqz,
    }
}
