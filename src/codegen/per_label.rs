//! Per-label output (`docs/abi.md` §8): the benchmark baseline, modelled on AtomVM's wasm32
//! JIT. Every BEAM label and every return point becomes its own function with the ABI
//! signature; every transition to another label stores the continuation in the JIT state and
//! returns to the host's dispatch loop, which calls the next function. Blocks split off a
//! label's code (after a conditional exit) stay inside that label's function, as straight-line
//! code; raises, yields and returns are inline.

use std::collections::HashMap;

use wasm_encoder::{BlockType, Function, Instruction as W};

use super::emission::{Emission, Functions, CONTINUATION};
use super::graph::GraphBuilder;
use super::lower::{self, primitive_call, Lowered, CTX, JS, NI, SCRATCH, SCRATCH_WORD};
use super::void_blocks::TypedExtraLocals;
use super::{Code, CompileError};
use crate::abi::module::{self as module_abi, HELPER_RAISE_PENDING};
use crate::abi::term::{self as term_enc, wasm::store_word};
use crate::abi::{cp, jit_state, Primitive, RaiseKind};
use crate::beam::BeamModule;
use crate::cfg::{BlockId, Terminator};

pub(crate) struct PerLabel;

/// `jit_state.continuation := word` (the continuation word, an `i64`, on the stack), then
/// return to the dispatch loop.
fn store_continuation_and_return() -> [W<'static>; 6] {
    [
        W::LocalSet(SCRATCH_WORD),
        W::LocalGet(JS),
        W::LocalGet(SCRATCH_WORD),
        store_word(jit_state::CONTINUATION),
        W::LocalGet(CTX),
        W::Return,
    ]
}

/// Goes on at this module's label whose value is on the stack, through the dispatch loop.
fn continue_at_label_on_stack(f: &mut Function) {
    for instruction in cp::local_of_label_on_stack()
        .into_iter()
        .chain(store_continuation_and_return())
    {
        f.instruction(&instruction);
    }
}

/// Goes on at this module's `label`, through the dispatch loop.
fn continue_at_label(f: &mut Function, label: u32) {
    f.instruction(&W::I32Const(label as i32));
    continue_at_label_on_stack(f);
}

impl Emission for PerLabel {
    fn raise_pending(&self, site: u32) -> Code {
        vec![
            W::LocalGet(CTX),
            W::LocalGet(JS),
            W::LocalGet(NI),
            W::I32Const(site as i32),
            W::ReturnCall(HELPER_RAISE_PENDING),
        ]
    }

    fn yield_at(&self, label: u32) -> Code {
        [W::LocalGet(JS)]
            .into_iter()
            .chain(cp::push_local(label))
            .chain([
                store_word(jit_state::CONTINUATION),
                W::LocalGet(CTX),
                W::Return,
            ])
            .collect()
    }

    fn function_clause(&self, site: u32, line: u32) -> Code {
        [
            W::LocalGet(CTX),
            W::I32Const(RaiseKind::FunctionClause as i32),
            term_enc::wasm::constant(term_enc::NIL),
            W::I32Const(line as i32),
        ]
        .into_iter()
        .chain(primitive_call(Primitive::Raise))
        .chain([W::Drop])
        .chain(self.raise_pending(site))
        .collect()
    }

    /// Inline: a shared block would be one more trampoline round trip.
    fn return_(&mut self, graph: &mut GraphBuilder, return_code: fn() -> Code) {
        graph.emit(return_code());
        graph.finish(Terminator::Dispatch);
    }

    /// Back to the dispatch loop, which goes on at the continuation.
    fn continue_helper(&self) -> Code {
        vec![
            W::LocalGet(JS),
            W::LocalGet(CONTINUATION),
            store_word(jit_state::CONTINUATION),
            W::LocalGet(CTX),
        ]
    }

    fn functions(
        &self,
        module: &BeamModule,
        lowered: &Lowered,
        extra_locals: TypedExtraLocals,
    ) -> Result<Functions, CompileError> {
        let functions = functions(lowered, &module.name, extra_locals)?;
        Ok(Functions {
            label_functions: functions.iter().map(|(label, _)| *label).collect(),
            functions: functions
                .into_iter()
                .map(|(label, f)| (module_abi::per_label_export(label), f))
                .collect(),
            stackify: None,
        })
    }
}

/// The functions of a per-label module: `(label value, body)`, in label order.
fn functions(
    lowered: &Lowered,
    module: &str,
    extra_locals: TypedExtraLocals,
) -> Result<Vec<(u32, Function)>, CompileError> {
    // Region heads: blocks other code reaches by label (BEAM labels and return points).
    let mut head_label: HashMap<BlockId, u32> = HashMap::new();
    for &(label, block) in lowered.cfg.entries() {
        head_label.insert(block, label);
    }
    for (&label, &block) in &lowered.label_blocks {
        head_label.entry(block).or_insert(label);
    }
    let label_of = |block: BlockId| -> Result<u32, CompileError> {
        head_label
            .get(&block)
            .copied()
            .ok_or_else(|| CompileError::Malformed {
                module: module.to_string(),
                what: format!("block {} is a jump target without a label", block.0),
            })
    };
    let mut heads: Vec<(u32, BlockId)> = head_label.iter().map(|(&b, &l)| (l, b)).collect();
    heads.sort_unstable();

    let mut out = Vec::with_capacity(heads.len());
    for (label, head) in heads {
        let mut f = Function::new(lower::locals(extra_locals));
        let mut block = Some(head);
        while let Some(b) = block.take() {
            let lowered_block = lowered.cfg.block(b);
            for instruction in &lowered_block.payload {
                f.instruction(instruction);
            }
            // The next block of this function: a successor nobody else reaches by label.
            let inline = |t: BlockId| !head_label.contains_key(&t);
            match &lowered_block.terminator {
                &Terminator::Jump(t) if inline(t) => block = Some(t),
                &Terminator::Jump(t) => continue_at_label(&mut f, label_of(t)?),
                &Terminator::Branch { if_true, if_false } => {
                    f.instruction(&W::If(BlockType::Empty));
                    continue_at_label(&mut f, label_of(if_true)?);
                    f.instruction(&W::End);
                    if inline(if_false) {
                        block = Some(if_false);
                    } else {
                        continue_at_label(&mut f, label_of(if_false)?);
                    }
                }
                Terminator::Switch { targets, default } => {
                    // block $default { block $t_{n-1} ... block $t_0 { br_table } stub_0 } ...
                    f.instruction(&W::LocalSet(SCRATCH));
                    for _ in 0..=targets.len() {
                        f.instruction(&W::Block(BlockType::Empty));
                    }
                    let depths: Vec<u32> = (0..targets.len() as u32).collect();
                    f.instruction(&W::LocalGet(SCRATCH));
                    f.instruction(&W::BrTable(depths.into(), targets.len() as u32));
                    for &t in targets {
                        f.instruction(&W::End);
                        continue_at_label(&mut f, label_of(t)?);
                    }
                    f.instruction(&W::End);
                    continue_at_label(&mut f, label_of(*default)?);
                }
                Terminator::Dispatch => continue_at_label_on_stack(&mut f),
                Terminator::Exit => {}
            }
        }
        // Every path above ends in a return or a tail call.
        f.instruction(&W::Unreachable);
        f.instruction(&W::End);
        out.push((label, f));
    }
    Ok(out)
}
