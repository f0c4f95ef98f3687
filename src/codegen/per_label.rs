//! Per-label output: the benchmark baseline, modelled on AtomVM's wasm32 JIT. Every BEAM label
//! and every return point becomes its own function with the ABI signature; every transition to
//! another label stores the continuation in the JIT state and returns to the host, which calls
//! the next function. Blocks split off a label's code (after a conditional exit) stay inside
//! that label's function, as straight-line code.

use std::collections::HashMap;

use wasm_encoder::{BlockType, Function, Instruction as W, MemArg};

use super::lower::{self, Lowered, CTX, JS};
use super::void_blocks::ExtraLocals;
use super::CompileError;
use crate::abi::{cp, jit_state};
use crate::cfg::{BlockId, Terminator};

fn mem(offset: u32) -> MemArg {
    MemArg {
        offset: offset as u64,
        align: 2,
        memory_index: 0,
    }
}

/// `jit_state.continuation := this module's continuation for the label value on the stack`,
/// then return to the host.
fn continue_at_label_on_stack(f: &mut Function) {
    f.instruction(&W::I32Const(cp::LABEL_SHIFT as i32))
        .instruction(&W::I32Shl)
        .instruction(&W::GlobalGet(0))
        .instruction(&W::I32Load(mem(0)))
        .instruction(&W::I32Or)
        .instruction(&W::LocalSet(super::lower::SCRATCH))
        .instruction(&W::LocalGet(JS))
        .instruction(&W::LocalGet(super::lower::SCRATCH))
        .instruction(&W::I32Store(mem(jit_state::CONTINUATION)))
        .instruction(&W::LocalGet(CTX))
        .instruction(&W::Return);
}

fn continue_at(f: &mut Function, label: u32) {
    f.instruction(&W::I32Const(label as i32));
    continue_at_label_on_stack(f);
}

/// The functions of a per-label module: `(label value, body)`, in label order.
pub fn functions(
    lowered: &Lowered,
    module: &str,
    extra_locals: ExtraLocals,
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
                &Terminator::Jump(t) => continue_at(&mut f, label_of(t)?),
                &Terminator::Branch { if_true, if_false } => {
                    f.instruction(&W::If(BlockType::Empty));
                    continue_at(&mut f, label_of(if_true)?);
                    f.instruction(&W::End);
                    if inline(if_false) {
                        block = Some(if_false);
                    } else {
                        continue_at(&mut f, label_of(if_false)?);
                    }
                }
                Terminator::Switch { targets, default } => {
                    // block $default { block $t_{n-1} ... block $t_0 { br_table } stub_0 } ...
                    f.instruction(&W::LocalSet(super::lower::SCRATCH));
                    for _ in 0..=targets.len() {
                        f.instruction(&W::Block(BlockType::Empty));
                    }
                    let depths: Vec<u32> = (0..targets.len() as u32).collect();
                    f.instruction(&W::LocalGet(super::lower::SCRATCH));
                    f.instruction(&W::BrTable(depths.into(), targets.len() as u32));
                    for &t in targets {
                        f.instruction(&W::End);
                        continue_at(&mut f, label_of(t)?);
                    }
                    f.instruction(&W::End);
                    continue_at(&mut f, label_of(*default)?);
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
