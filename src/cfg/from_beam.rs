//! The control-flow graph of a whole BEAM module, from its instructions' control-flow roles
//! alone: it handles every opcode, including those codegen does not lower yet, so the
//! stackifier can be measured and checked on any module (`../shared/reference/beam-format.md`
//! §4 lists the roles).
//!
//! A block starts at every `label` and after every conditional exit and non-tail call. Edges:
//! fall-through, fail labels, `select_*` lists, `jump`, local calls and tail calls (jumps to the
//! callee's entry), `loop_rec`/`loop_rec_end`. Entries (reached through the dispatcher): exported
//! functions, FunT entries, local call targets, the return point after every non-tail call,
//! `try`/`catch` handlers and the resumption points of `wait`/`wait_timeout`. `return` is a
//! `Dispatch`; raising, external tail calls and waits leave the function (`Exit`).

use std::collections::{HashMap, HashSet};

use crate::beam::{BeamModule, Opcode, Operand};

use super::graph::{BlockId, Cfg, Terminator};

/// What a block holds: a range of one function's instructions.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BeamBlock {
    pub function: usize,
    pub start: usize,
    pub end: usize,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum BuildError {
    #[error("label {0} is referenced but not defined")]
    UndefinedLabel(u32),
    #[error("{0} entry labels exceed the label space")]
    TooManyEntries(u64),
}

struct Builder {
    cfg: Cfg<BeamBlock>,
    label_blocks: HashMap<u32, BlockId>,
    entered: HashSet<u32>,
    next_return_label: u32,
    current: Option<BlockId>,
}

impl Builder {
    fn block(&self, label: u32) -> Result<BlockId, BuildError> {
        self.label_blocks
            .get(&label)
            .copied()
            .ok_or(BuildError::UndefinedLabel(label))
    }

    fn entry(&mut self, label: u32) -> Result<(), BuildError> {
        let block = self.block(label)?;
        if self.entered.insert(label) {
            self.cfg.add_entry(label, block);
        }
        Ok(())
    }

    fn open(&mut self, function: usize, at: usize) -> BlockId {
        let id = self.cfg.add_block(
            BeamBlock {
                function,
                start: at,
                end: at,
            },
            Terminator::Exit,
        );
        self.current = Some(id);
        id
    }

    /// Ends the current block with `terminator`; the block's range ends after `at`.
    fn close(&mut self, terminator: Terminator, at: usize) {
        if let Some(id) = self.current.take() {
            self.cfg.set_terminator(id, terminator);
            self.cfg.block_mut(id).payload.end = at + 1;
        }
    }
}

fn label_of(operand: Option<&Operand>) -> Option<u32> {
    match operand {
        Some(Operand::Label(l)) if *l != 0 => Some(*l),
        _ => None,
    }
}

/// Builds the module's graph.
pub fn build(module: &BeamModule) -> Result<Cfg<BeamBlock>, BuildError> {
    let mut builder = Builder {
        cfg: Cfg::new(),
        label_blocks: HashMap::new(),
        entered: HashSet::new(),
        next_return_label: module.code_header.label_count.max(1),
        current: None,
    };
    // A block per label first, so forward references resolve.
    for (f, function) in module.functions.iter().enumerate() {
        for (i, instruction) in function.instructions.iter().enumerate() {
            if instruction.opcode == Opcode::Label {
                if let Some(Operand::U(l)) = instruction.args.first() {
                    let id = builder.cfg.add_block(
                        BeamBlock {
                            function: f,
                            start: i,
                            end: i + 1,
                        },
                        Terminator::Exit,
                    );
                    builder.label_blocks.insert(*l as u32, id);
                }
            }
        }
    }
    for export in &module.exports {
        builder.entry(export.label)?;
    }
    for fun in &module.funs {
        builder.entry(fun.label)?;
    }

    for (f, function) in module.functions.iter().enumerate() {
        builder.current = None;
        for (i, instruction) in function.instructions.iter().enumerate() {
            let args = &instruction.args;
            if instruction.opcode == Opcode::Label {
                let Some(Operand::U(l)) = args.first() else {
                    continue;
                };
                let block = builder.block(*l as u32)?;
                builder.close(Terminator::Jump(block), i.saturating_sub(1));
                builder.current = Some(block);
                continue;
            }
            if builder.current.is_none() {
                builder.open(f, i); // unreachable code after a terminator
            }
            match instruction.opcode {
                Opcode::Jump | Opcode::LoopRecEnd => {
                    let target = label_of(args.first()).ok_or(BuildError::UndefinedLabel(0))?;
                    let block = builder.block(target)?;
                    builder.close(Terminator::Jump(block), i);
                }
                Opcode::Call | Opcode::CallOnly | Opcode::CallLast => {
                    let target = label_of(args.get(1)).ok_or(BuildError::UndefinedLabel(0))?;
                    let block = builder.block(target)?;
                    builder.entry(target)?; // a yield before the call resumes there
                    builder.close(Terminator::Jump(block), i);
                    if instruction.opcode == Opcode::Call {
                        return_point(&mut builder, f, i)?;
                    }
                }
                Opcode::CallExt | Opcode::Apply | Opcode::CallFun | Opcode::CallFun2 => {
                    builder.close(Terminator::Exit, i);
                    return_point(&mut builder, f, i)?;
                }
                Opcode::Return => builder.close(Terminator::Dispatch, i),
                Opcode::CallExtOnly
                | Opcode::CallExtLast
                | Opcode::ApplyLast
                | Opcode::FuncInfo
                | Opcode::Badmatch
                | Opcode::CaseEnd
                | Opcode::IfEnd
                | Opcode::TryCaseEnd
                | Opcode::Badrecord
                | Opcode::Raise
                | Opcode::IntCodeEnd => builder.close(Terminator::Exit, i),
                Opcode::Wait | Opcode::WaitTimeout => {
                    // Suspends: the process resumes through the dispatcher, at the label on a
                    // message, or after a timeout at the instruction that follows.
                    let target = label_of(args.first()).ok_or(BuildError::UndefinedLabel(0))?;
                    builder.entry(target)?;
                    builder.close(Terminator::Exit, i);
                    if instruction.opcode == Opcode::WaitTimeout {
                        return_point(&mut builder, f, i)?;
                    }
                }
                Opcode::Try | Opcode::Catch => {
                    // The handler is entered from outside when something in the region raises.
                    if let Some(handler) = label_of(args.get(1)) {
                        builder.entry(handler)?;
                    }
                }
                Opcode::SelectVal | Opcode::SelectTupleArity => {
                    let fail = label_of(args.get(1)).ok_or(BuildError::UndefinedLabel(0))?;
                    let default = builder.block(fail)?;
                    let mut targets = Vec::new();
                    if let Some(Operand::List(items)) = args.get(2) {
                        for pair in items.chunks(2) {
                            if let Some(l) = label_of(pair.get(1)) {
                                targets.push(builder.block(l)?);
                            }
                        }
                    }
                    builder.close(Terminator::Switch { targets, default }, i);
                }
                _ => {
                    // Any other label operand is a conditional exit (a fail label, or
                    // `loop_rec`'s empty-mailbox exit); execution otherwise falls through.
                    if let Some(target) = args.iter().find_map(|a| label_of(Some(a))) {
                        let fail = builder.block(target)?;
                        let id = builder.current.ok_or(BuildError::UndefinedLabel(target))?;
                        let next = builder.cfg.add_block(
                            BeamBlock {
                                function: f,
                                start: i + 1,
                                end: i + 1,
                            },
                            Terminator::Exit,
                        );
                        builder.cfg.set_terminator(
                            id,
                            Terminator::Branch {
                                if_true: fail,
                                if_false: next,
                            },
                        );
                        builder.cfg.block_mut(id).payload.end = i + 1;
                        builder.current = Some(next);
                    }
                }
            }
        }
        let last = function.instructions.len().saturating_sub(1);
        builder.close(Terminator::Exit, last);
    }
    Ok(builder.cfg)
}

/// Opens the block after a non-tail call: an entry the callee returns to.
fn return_point(builder: &mut Builder, function: usize, at: usize) -> Result<(), BuildError> {
    let label = builder.next_return_label;
    builder.next_return_label = label
        .checked_add(1)
        .ok_or(BuildError::TooManyEntries(label as u64 + 1))?;
    let block = builder.open(function, at + 1);
    builder.cfg.add_entry(label, block);
    Ok(())
}
