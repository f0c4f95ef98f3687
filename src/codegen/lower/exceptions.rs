//! Lowering of exceptions: the error instructions (`badmatch`, `case_end`, `if_end`,
//! `try_case_end`, `badrecord`), `try`/`catch` and their ends, `build_stacktrace`, `raise` and
//! `raw_raise` (`docs/abi.md` §10).

use wasm_encoder::{BlockType, Instruction as W};

use super::{operand, Lowerer, CTX, T0};
use crate::abi::term as term_enc;
use crate::abi::term::wasm::{constant, load_word};
use crate::abi::{cp, ctx, exception_op, Primitive, RaiseKind};
use crate::beam::{Instruction, Opcode, Operand};
use crate::cfg::Terminator;
use crate::codegen::CompileError;

impl Lowerer<'_> {
    /// Lowers `instruction` if it raises, or opens or closes a try or catch; `Ok(false)`
    /// otherwise.
    pub(super) fn lower_exception_instruction(
        &mut self,
        instruction: &Instruction,
    ) -> Result<bool, CompileError> {
        let op = instruction.opcode;
        let module = self.module;
        let arg = |i: usize| operand(module, instruction, i);
        match op {
            Opcode::Badmatch
            | Opcode::CaseEnd
            | Opcode::TryCaseEnd
            | Opcode::IfEnd
            | Opcode::Badrecord => {
                let (kind, value) = match op {
                    Opcode::Badmatch => (RaiseKind::Badmatch, Some(arg(0)?)),
                    Opcode::CaseEnd => (RaiseKind::CaseClause, Some(arg(0)?)),
                    Opcode::TryCaseEnd => (RaiseKind::TryClause, Some(arg(0)?)),
                    Opcode::IfEnd => (RaiseKind::IfClause, None),
                    _ => (RaiseKind::Badrecord, Some(arg(0)?)),
                };
                self.emit_raise(kind, value.as_ref())?;
                self.finish(Terminator::Exit);
            }
            Opcode::Try | Opcode::Catch => {
                let handler = self.label_operand(&arg(1)?)?;
                if u64::from(handler) > term_enc::CATCH_LABEL_MASK {
                    return Err(self.error(format!(
                        "a catch handler at label {handler} (catch markers name labels up to {})",
                        term_enc::CATCH_LABEL_MASK
                    )));
                }
                let block = self.label_block(handler)?;
                // The handler is entered by the dispatcher when `handle_error` finds the marker.
                self.add_entry(handler, block);
                // This module's index, from its continuation base, at the marker's module bits.
                self.emit(cp::push_module_base());
                self.emit([
                    W::I64Const((term_enc::CATCH_MODULE_SHIFT - cp::MODULE_SHIFT) as i64),
                    W::I64Shl,
                    constant(term_enc::catch_marker(0, handler)),
                    W::I64Or,
                    W::LocalSet(T0),
                ]);
                self.store(&arg(0)?, T0)?;
            }
            Opcode::TryEnd => {
                self.emit([constant(term_enc::NIL), W::LocalSet(T0)]);
                self.store(&arg(0)?, T0)?;
            }
            Opcode::TryCase => {
                // The marker is spent; class, reason and raw stack trace move to x0..x2.
                self.emit([constant(term_enc::NIL), W::LocalSet(T0)]);
                self.store(&arg(0)?, T0)?;
                for i in 0..3 {
                    self.load_to(&Operand::X(i + 1), T0)?;
                    self.store(&Operand::X(i), T0)?;
                }
            }
            Opcode::CatchEnd => {
                self.emit([constant(term_enc::NIL), W::LocalSet(T0)]);
                self.store(&arg(0)?, T0)?;
                // Reached from the handler, x0 is the non-value: compute the catch's value.
                self.emit([
                    W::LocalGet(CTX),
                    load_word(ctx::x(0)),
                    W::I64Eqz,
                    W::If(BlockType::Empty),
                ]);
                self.emit_op_primitive(
                    Primitive::Exception,
                    exception_op::CATCH_VALUE,
                    None,
                    None,
                )?;
                self.emit([W::LocalSet(T0), W::LocalGet(T0)]);
                self.emit_check_raised(Primitive::Exception);
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
                self.emit_check_raised(Primitive::Exception);
                self.store(&Operand::X(0), T0)?;
            }
            _ => return Ok(false),
        }
        Ok(true)
    }
}
