//! Lowering of receive and send: `loop_rec`, `loop_rec_end`, `remove_message`, `wait`,
//! `wait_timeout`, `timeout`, the `recv_marker_*` hints and `send`, through the `process`
//! primitive. A process that must wait saves the continuation of its `loop_rec` and returns to
//! the scheduler, which re-enters it there through the dispatcher when a message or its
//! timeout arrives (`docs/abi.md` §11).

use wasm_encoder::{BlockType, Instruction as W};

use crate::abi::term as term_enc;
use crate::abi::{process_op, Primitive};
use crate::beam::{Instruction, Opcode, Operand};
use crate::codegen::CompileError;

use super::{Lowerer, T0};
use crate::abi::term::wasm::constant;
use crate::cfg::Terminator;

impl Lowerer<'_> {
    /// Lowers `instruction` if it receives or sends; `Ok(false)` otherwise.
    pub(super) fn lower_receive_instruction(
        &mut self,
        instruction: &Instruction,
    ) -> Result<bool, CompileError> {
        match instruction.opcode {
            Opcode::LoopRec => {
                let fail = self.required_fail(&self.arg(instruction, 0)?)?;
                self.emit_process_op(process_op::PEEK, None)?;
                self.emit([W::LocalTee(T0), W::I64Eqz]);
                self.branch_to_fail_if(fail);
                self.store(&self.arg(instruction, 1)?, T0)?;
            }
            Opcode::LoopRecEnd => {
                let target = self.label_operand(&self.arg(instruction, 0)?)?;
                let block = self.label_block(target)?;
                self.emit_process_op(process_op::NEXT, None)?;
                self.emit([W::Drop]);
                self.finish(Terminator::Jump(block));
            }
            Opcode::RemoveMessage => {
                self.emit_process_op(process_op::REMOVE, None)?;
                self.emit([W::Drop]);
            }
            Opcode::Timeout => {
                self.emit_process_op(process_op::TIMEOUT, None)?;
                self.emit([W::Drop]);
            }
            Opcode::Wait => {
                let target = self.label_operand(&self.arg(instruction, 0)?)?;
                self.emit_process_op(process_op::WAIT, None)?;
                self.emit([W::Drop]);
                self.emit_suspend_at(target)?;
                self.finish(Terminator::Exit);
            }
            Opcode::WaitTimeout => {
                let target = self.label_operand(&self.arg(instruction, 0)?)?;
                let timeout = self.arg(instruction, 1)?;
                self.emit_process_op(process_op::WAIT_TIMEOUT, Some(&timeout))?;
                self.emit([W::LocalTee(T0)]);
                self.emit_check_raised(Primitive::Process);
                // 2: park until a message or the timeout; 1: the timeout passed, go on.
                self.emit([
                    W::LocalGet(T0),
                    W::I64Const(2),
                    W::I64Eq,
                    W::If(BlockType::Empty),
                ]);
                self.emit_suspend_at(target)?;
                self.emit([W::End]);
            }
            Opcode::Send => {
                self.emit_process_op(process_op::SEND, None)?;
                self.emit([W::LocalTee(T0)]);
                self.emit_check_raised(Primitive::Process);
                self.store(&Operand::X(0), T0)?;
            }
            // Markers only speed up OTP's scan of a mailbox for a fresh reference; scanning
            // from the start gives the same answers.
            Opcode::RecvMarkerReserve => {
                self.emit([constant(term_enc::NIL), W::LocalSet(T0)]);
                self.store(&self.arg(instruction, 0)?, T0)?;
            }
            Opcode::RecvMarkerBind | Opcode::RecvMarkerClear | Opcode::RecvMarkerUse => {}
            // OTP 21-23's markers (`recv_mark Label`, `recv_set Label`), likewise.
            Opcode::RecvMark | Opcode::RecvSet => {}
            _ => return Ok(false),
        }
        Ok(true)
    }

    /// `process(ctx, op, a, 0)`, leaving its result on the stack.
    fn emit_process_op(&mut self, op: u32, a: Option<&Operand>) -> Result<(), CompileError> {
        self.emit_op_primitive(Primitive::Process, op, a, None)
    }

    /// Saves `label` of this module as the continuation and returns to the scheduler.
    fn emit_suspend_at(&mut self, label: u32) -> Result<(), CompileError> {
        let block = self.label_block(label)?;
        // Where BEAM says a waiting process is: the receive loop's label, at the line before it.
        let line = self.line;
        self.line = self.label_lines.get(&label).copied().unwrap_or(line);
        let site = self.site_here(self.frame);
        self.line = line;
        self.trace.wait_sites.push((label, site));
        // The scheduler re-enters here from outside.
        self.add_entry(label, block);
        self.emit_yield_at(label);
        Ok(())
    }
}
