//! Lowering of the float-register instructions: `fmove`, `fconv`, `fadd`/`fsub`/`fmul`/
//! `fdiv`, `fnegate` (and the no-ops `fclearerror`/`fcheckerror`). Float registers are `f64`s
//! in the context (`docs/abi.md` §4); arithmetic is inline and raises `badarith` on a result
//! that is not finite, as OTP does.

use wasm_encoder::{BlockType, Instruction as W, MemArg};

use crate::abi::term::{self as term_enc, boxed as tags, float};
use crate::abi::{ctx, float_op, Primitive, RaiseKind};
use crate::beam::{Instruction, Opcode, Operand};
use crate::cfg::BlockId;
use crate::codegen::CompileError;

use super::{mem, Lowerer, A0, CTX, F0, T0};
use crate::abi::term::wasm::{constant, store_word, word_mem};

/// An `f64` access: float registers and a boxed float's value are 8-aligned words.
fn mem64(offset: u32) -> MemArg {
    word_mem(offset)
}

/// The bytes of a float register (an `f64`).
const FLOAT_REGISTER_BYTES: u32 = 8;

impl Lowerer<'_> {
    /// Lowers `instruction` if it is a float instruction; `Ok(false)` otherwise.
    pub(super) fn lower_float_instruction(
        &mut self,
        instruction: &Instruction,
    ) -> Result<bool, CompileError> {
        match instruction.opcode {
            Opcode::Fclearerror | Opcode::Fcheckerror => {}
            Opcode::Fmove => {
                let source = self.arg(instruction, 0)?;
                let destination = self.arg(instruction, 1)?;
                match (&source, &destination) {
                    (_, Operand::FloatReg(d)) => {
                        let d = self.float_register(*d)?;
                        self.emit([W::LocalGet(CTX)]);
                        self.push_f64(&source)?;
                        self.emit([W::F64Store(mem64(d))]);
                    }
                    (Operand::FloatReg(s), _) => {
                        // Box the float; the instruction before made room (`{floats, N}`).
                        let s = self.float_register(*s)?;
                        self.emit([
                            W::LocalGet(CTX),
                            W::I32Load(mem(ctx::HEAP_TOP)),
                            W::LocalTee(A0),
                            constant(term_enc::header(float::WORDS, tags::FLOAT)),
                            store_word(0),
                            W::LocalGet(A0),
                            W::LocalGet(CTX),
                            W::F64Load(mem64(s)),
                            W::F64Store(mem64(float::VALUE)),
                        ]);
                        self.emit_finish_allocation(
                            float::BYTES,
                            term_enc::PRIMARY_BOXED,
                            &destination,
                        )?;
                    }
                    _ => {
                        return Err(self.error(format!("fmove {source:?} -> {destination:?}")));
                    }
                }
            }
            Opcode::Fconv => {
                // Any number to a float register: small integers and floats inline, big
                // integers through `float_op`; anything else is badarith.
                let source = self.arg(instruction, 0)?;
                let Operand::FloatReg(d) = self.arg(instruction, 1)? else {
                    return Err(self.error("fconv into a non-float register"));
                };
                let d = self.float_register(d)?;
                self.load_to(&source, T0)?;
                self.emit(term_enc::wasm::is_small(T0));
                self.emit([W::If(BlockType::Empty), W::LocalGet(CTX), W::LocalGet(T0)]);
                self.emit(term_enc::wasm::small_value());
                self.emit([
                    W::F64ConvertI64S,
                    W::F64Store(mem64(d)),
                    W::Else,
                    W::LocalGet(CTX),
                    W::I32Const(float_op::CONVERT as i32),
                    W::LocalGet(T0),
                    W::I32Const(d as i32),
                ]);
                self.call_primitive(Primitive::Float);
                self.emit_check_raised(Primitive::Float);
                self.emit([W::End]);
            }
            Opcode::Fadd | Opcode::Fsub | Opcode::Fmul | Opcode::Fdiv => {
                let fail = self.fail_block(Some(&self.arg(instruction, 0)?))?;
                let a = self.float_operand(instruction, 1)?;
                let b = self.float_operand(instruction, 2)?;
                let d = self.float_operand(instruction, 3)?;
                let op = match instruction.opcode {
                    Opcode::Fadd => W::F64Add,
                    Opcode::Fsub => W::F64Sub,
                    Opcode::Fmul => W::F64Mul,
                    _ => W::F64Div,
                };
                self.emit([
                    W::LocalGet(CTX),
                    W::F64Load(mem64(a)),
                    W::LocalGet(CTX),
                    W::F64Load(mem64(b)),
                    op,
                ]);
                self.emit_store_finite(d, fail)?;
            }
            Opcode::Fnegate => {
                let fail = self.fail_block(Some(&self.arg(instruction, 0)?))?;
                let a = self.float_operand(instruction, 1)?;
                let d = self.float_operand(instruction, 2)?;
                self.emit([W::LocalGet(CTX), W::F64Load(mem64(a)), W::F64Neg]);
                self.emit_store_finite(d, fail)?;
            }
            _ => return Ok(false),
        }
        Ok(true)
    }

    fn float_register(&self, n: u32) -> Result<u32, CompileError> {
        if n >= ctx::FLOAT_REGISTERS {
            return Err(self.error(format!(
                "float register {n} (at most {})",
                ctx::FLOAT_REGISTERS - 1
            )));
        }
        Ok(ctx::FR + FLOAT_REGISTER_BYTES * n)
    }

    fn float_operand(&self, instruction: &Instruction, i: usize) -> Result<u32, CompileError> {
        match self.arg(instruction, i)? {
            Operand::FloatReg(n) => self.float_register(n),
            other => Err(self.error(format!("expected a float register, found {other:?}"))),
        }
    }

    /// Pushes the `f64` an operand holds: a float register, or a boxed float term (the
    /// compiler's types guarantee it is one).
    fn push_f64(&mut self, operand: &Operand) -> Result<(), CompileError> {
        if let Operand::FloatReg(n) = operand {
            let offset = self.float_register(*n)?;
            self.emit([W::LocalGet(CTX), W::F64Load(mem64(offset))]);
            return Ok(());
        }
        self.load(operand)?;
        // Through the boxed tag.
        self.emit([
            W::I32WrapI64,
            W::F64Load(mem64(float::VALUE - term_enc::PRIMARY_BOXED as u32)),
        ]);
        Ok(())
    }

    /// Stores the `f64` on the stack into the float register at `offset`, or raises
    /// `badarith` (or goes to `fail`) if it is not finite.
    fn emit_store_finite(
        &mut self,
        offset: u32,
        fail: Option<BlockId>,
    ) -> Result<(), CompileError> {
        self.emit([
            W::LocalSet(F0),
            // x - x is 0 for finite x, NaN for infinities and NaN.
            W::LocalGet(F0),
            W::LocalGet(F0),
            W::F64Sub,
            W::F64Const(0.0.into()),
            W::F64Ne,
        ]);
        match fail {
            Some(block) => self.branch_to_fail_if(block),
            None => {
                self.emit([W::If(BlockType::Empty)]);
                self.emit_raise(RaiseKind::Badarith, None)?;
                self.emit([W::End]);
            }
        }
        self.emit([
            W::LocalGet(CTX),
            W::LocalGet(F0),
            W::F64Store(mem64(offset)),
        ]);
        Ok(())
    }
}
