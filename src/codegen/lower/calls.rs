//! Lowering of calls, returns and stack frames: `call`/`call_only`/`call_last`, `call_ext*`,
//! `return`, `allocate*`/`deallocate`/`trim` and `test_heap` (`docs/abi.md` §4, §7). A local
//! call is a jump to the callee's entry block after setting `cp` to a new return point; an
//! external one a tail call of the import's continuation; a BIF import runs in place.

use std::collections::{HashMap, HashSet};

use wasm_encoder::{BlockType, Instruction as W};

use super::{mem, operand, Lowerer, A1, CTX, JS, NI, T0, T1, T2, T3};
use crate::abi::module::{HELPER_CONTINUE, MODULE_DATA_GLOBAL};
use crate::abi::term::wasm::{constant, load_word, store_word};
use crate::abi::term::{self as term_enc, word};
use crate::abi::{call_op, cp, ctx, Bif, Primitive};
use crate::beam::{BeamModule, Instruction, Opcode, Operand};
use crate::cfg::{BlockId, Terminator};
use crate::codegen::{Code, CompileError};

impl Lowerer<'_> {
    /// Lowers `instruction` if it calls, returns or manages the stack frame or heap room;
    /// `Ok(false)` otherwise.
    pub(super) fn lower_call_instruction(
        &mut self,
        instruction: &Instruction,
    ) -> Result<bool, CompileError> {
        let op = instruction.opcode;
        let module = self.module;
        let arg = |i: usize| operand(module, instruction, i);
        match op {
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
                let frame_bytes = self.stack_bytes(stack, 1)?;
                self.emit_ensure_heap(heap.saturating_add(stack + 1), heap, live);
                // Push the frame, with the caller's `cp` at its high end.
                self.emit_move_e(W::I32Sub, frame_bytes);
                self.emit([
                    W::LocalGet(A1),
                    W::LocalGet(CTX),
                    load_word(ctx::CP),
                    store_word(word(stack)),
                ]);
                if matches!(op, Opcode::AllocateZero | Opcode::AllocateHeapZero) {
                    for y in 0..stack {
                        self.emit([
                            W::LocalGet(A1),
                            constant(term_enc::NIL),
                            store_word(word(y)),
                        ]);
                    }
                }
            }
            Opcode::TestHeap => {
                let words = self.heap_words(&arg(0)?)?;
                let live = self.unsigned(instruction, 1)?;
                self.emit_ensure_heap(words, words, live);
            }
            Opcode::Deallocate => self.emit_deallocate(self.unsigned(instruction, 0)?)?,
            Opcode::Trim => {
                let n = self.unsigned(instruction, 0)?;
                let bytes = self.stack_bytes(n, 0)?;
                self.emit_pop_stack(bytes);
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
                self.emit_deallocate(self.unsigned(instruction, 2)?)?;
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
            _ => return Ok(false),
        }
        Ok(true)
    }

    /// `cp := this module's continuation for label`.
    fn emit_set_cp(&mut self, label: u32) {
        self.emit([W::LocalGet(CTX)]);
        self.emit(cp::push_local(label));
        self.emit([store_word(ctx::CP)]);
    }

    /// The bytes of `words + extra` stack words; a frame a 32-bit memory cannot hold is
    /// malformed code.
    fn stack_bytes(&self, words: u32, extra: u32) -> Result<u32, CompileError> {
        words
            .checked_add(extra)
            .and_then(|w| w.checked_mul(term_enc::WORD_BYTES))
            .filter(|&bytes| bytes <= i32::MAX as u32)
            .ok_or_else(|| self.error(format!("a stack frame of {words} words")))
    }

    /// `cp := e[n]; e += n + 1` (the frame `allocate` pushed).
    fn emit_deallocate(&mut self, n: u32) -> Result<(), CompileError> {
        let bytes = self.stack_bytes(n, 1)?;
        self.emit([
            W::LocalGet(CTX),
            W::I32Load(mem(ctx::E)),
            W::LocalSet(A1),
            W::LocalGet(CTX),
            W::LocalGet(A1),
            load_word(word(n)),
            store_word(ctx::CP),
        ]);
        self.emit_pop_stack(bytes);
        Ok(())
    }

    /// `e := e ± bytes` (`op` is `I32Add` to pop, `I32Sub` to push); the new `e` is left in `A1`.
    fn emit_move_e(&mut self, op: W<'static>, bytes: u32) {
        self.emit([
            W::LocalGet(CTX),
            W::I32Load(mem(ctx::E)),
            W::I32Const(bytes as i32),
            op,
            W::LocalSet(A1),
            W::LocalGet(CTX),
            W::LocalGet(A1),
            W::I32Store(mem(ctx::E)),
        ]);
    }

    /// `e += bytes`, keeping the stack watermark at the highest `e` since the last collection.
    fn emit_pop_stack(&mut self, bytes: u32) {
        self.emit_move_e(W::I32Add, bytes);
        // (A branch: `select` with an unconditional store measured 10% slower to compile.)
        self.emit([
            W::LocalGet(A1),
            W::LocalGet(CTX),
            W::I32Load(mem(ctx::STACK_WATERMARK)),
            W::I32GtU,
            W::If(BlockType::Empty),
            W::LocalGet(CTX),
            W::LocalGet(A1),
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
    pub(super) fn emit_continue_at(&mut self, target: u32) {
        self.emit(continue_at(target));
        self.finish(Terminator::Dispatch);
    }

    /// The frame and `cp` work before a call that leaves the function's code: `call_last`
    /// pops the frame, a body call sets `cp` to a new return point, whose block it returns.
    pub(super) fn begin_call(&mut self, kind: CallKind) -> Result<Option<BlockId>, CompileError> {
        if let CallKind::Last(n) = kind {
            self.emit_deallocate(n)?;
        }
        Ok(match kind {
            CallKind::Body => {
                let (label, block) = self.new_return_point();
                self.emit_set_cp(label);
                Some(block)
            }
            _ => None,
        })
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

    /// The body of a function the host implements: the BIF on the arguments in x0..,
    /// returning its result.
    pub(super) fn emit_bif_body(&mut self, bif: Bif) -> Result<(), CompileError> {
        let arity = self.arity;
        let locals = [T0, T1, T2];
        for i in 0..arity.min(3) {
            self.load_to(&Operand::X(i), locals[i as usize])?;
        }
        self.emit_bif_call(bif, &locals[..arity.min(3) as usize], arity);
        self.finish_bif(Primitive::Bif, None, &Operand::X(0))?;
        self.emit_return();
        Ok(())
    }

    fn external_call(
        &mut self,
        arity: u32,
        import: u32,
        kind: CallKind,
    ) -> Result<(), CompileError> {
        let (m, f, a) = self.import_mfa(import)?;
        match (m, f, a) {
            ("erlang", "apply", 3) => return self.emit_dynamic_call(call_op::APPLY_LIST, 3, kind),
            ("erlang", "apply", 2) => {
                return self.emit_dynamic_call(call_op::APPLY_FUN_LIST, 2, kind)
            }
            ("erlang", "hibernate", 3) => {
                return self.emit_dynamic_call(call_op::HIBERNATE, 3, kind)
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
            self.finish_bif(Primitive::Bif, None, &Operand::X(0))?;
            match kind {
                CallKind::Body => {}
                CallKind::Tail => self.emit_return(),
                CallKind::Last(n) => {
                    self.emit_deallocate(n)?;
                    self.emit_return();
                }
            }
            return Ok(());
        }
        let _ = arity;
        let return_point = self.begin_call(kind)?;
        // The import word is the callee's continuation, or 0 when it is not loaded: then the
        // `undef` primitive loads it (or raises `undef`) and fills the word in.
        self.emit([
            W::GlobalGet(MODULE_DATA_GLOBAL),
            load_word(self.layout.imports + word(import)),
            W::LocalTee(T2),
            W::I64Eqz,
            W::If(BlockType::Empty),
            W::LocalGet(CTX),
        ]);
        self.emit(cp::push_module_base());
        self.emit([W::I32Const(import as i32)]);
        self.call_primitive(Primitive::Undef);
        self.emit([W::LocalTee(T2)]);
        self.emit_check_raised(Primitive::Undef);
        self.emit([W::End]);
        // The callee's entry counts the reduction. A callee in this module (`?MODULE:f()`, a
        // call to an export of the same module) is reached through the dispatcher, not by a
        // tail call into a new activation of the module's function.
        self.emit_continue_at(T2);
        self.graph.resume(return_point);
        Ok(())
    }
}

#[derive(Clone, Copy)]
pub(super) enum CallKind {
    Body,
    Tail,
    Last(u32),
}

/// `continue(ctx, js, ni, target)`, a tail call: goes on at the continuation word in (`i64`)
/// local `target`. The helper has the module function's type, so the word travels as an
/// `i32`: a continuation word's upper half is zero.
fn tail_call_continuation(target: u32) -> [W<'static>; 6] {
    [
        W::LocalGet(CTX),
        W::LocalGet(JS),
        W::LocalGet(NI),
        W::LocalGet(target),
        W::I32WrapI64,
        W::ReturnCall(HELPER_CONTINUE),
    ]
}

/// Code that goes on at the continuation word in (`i64`) local `target`: by tail call when it
/// is another module's, else it leaves the label (an `i32`) for a `Dispatch`.
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
    let mut code = vec![W::LocalGet(CTX), load_word(ctx::CP), W::LocalSet(T3)];
    code.extend(continue_at(T3));
    code
}

/// The entry labels of the functions whose entry counts a reduction. Every loop of BEAM code is
/// a cycle of calls (a `receive` waits, it does not spin), and such a cycle goes through one of
/// them: a function entered from outside the module (exported: external calls, `apply` and
/// `spawn` reach only exports), a fun's function, or one on a cycle of local calls. Any other
/// function runs a bounded amount of code before it returns or calls one of these, so counting
/// only these bounds every slice: the same fairness with far fewer checks in the code.
pub(super) fn reduction_counting_entries(module: &BeamModule) -> HashSet<u32> {
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
    let mut counting: HashSet<u32> = module
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
