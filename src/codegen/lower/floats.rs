//! Lowering of the float-register instructions: `fmove`, `fconv`, `fadd`/`fsub`/`fmul`/
//! `fdiv`, `fnegate` (and the no-ops `fclearerror`/`fcheckerror`). Float registers are `f64`s
//! in the context (`docs/abi.md` §4); arithmetic is inline and raises `badarith` on a result
//! that is not finite, as OTP does.

use wasm_encoder::{BlockType, Instruction as W, MemArg, ValType};

use crate::abi::term::{self as term_enc, boxed as tags, float};
use crate::abi::{ctx, float_op, Primitive, RaiseKind};
use crate::beam::{Instruction, Opcode, Operand};
use crate::cfg::BlockId;
use crate::codegen::CompileError;

use super::{mem, pointer, tagged, Lowerer, A0, CTX, F0, T0};
use crate::abi::term::wasm::{constant, load_word, store_word, word_mem};
use crate::codegen::Code;

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

/// The header word of a boxed float.
fn float_header() -> u64 {
    term_enc::header(float::WORDS, tags::FLOAT)
}

/// Small integers of at most this magnitude convert to an `f64` exactly.
const EXACT_F64_LIMIT: i64 = 1 << 53;

/// Pushes 1 (an `i32`) if the term in `t` is a boxed float or a small integer; with `exact`,
/// only a small integer an `f64` holds exactly (`|v| <= 2^53`), so that comparing the
/// converted value compares the integer itself.
pub(super) fn float_or_small(t: u32, exact: bool) -> Code {
    let mut code: Code = term_enc::wasm::is_boxed(t).to_vec();
    code.extend([W::If(BlockType::Result(ValType::I32))]);
    code.push(W::LocalGet(t));
    code.extend(term_enc::wasm::untag(term_enc::PRIMARY_BOXED));
    code.extend([load_word(0), constant(float_header()), W::I64Eq, W::Else]);
    code.extend(term_enc::wasm::is_small(t));
    if exact {
        code.extend([W::LocalGet(t)]);
        code.extend(term_enc::wasm::small_value());
        code.extend([
            W::I64Const(EXACT_F64_LIMIT),
            W::I64Add,
            W::I64Const(2 * EXACT_F64_LIMIT + 1),
            W::I64LtU,
            W::I32And,
        ]);
    }
    code.push(W::End);
    code
}

/// Pushes 1 (an `i32`) if the term in `t` is a boxed float.
pub(super) fn is_float(t: u32) -> Code {
    let mut code: Code = term_enc::wasm::is_boxed(t).to_vec();
    code.extend([W::If(BlockType::Result(ValType::I32))]);
    code.push(W::LocalGet(t));
    code.extend(term_enc::wasm::untag(term_enc::PRIMARY_BOXED));
    code.extend([
        load_word(0),
        constant(float_header()),
        W::I64Eq,
        W::Else,
        W::I32Const(0),
        W::End,
    ]);
    code
}

/// The code of `ops` applied to the `f64`s of two terms that [`float_or_small`] accepted (a
/// boxed float's value, or a small integer's converted, rounding to nearest as C's conversion
/// in OTP does): the terms in locals `a.0` and `b.0`, or their values `a.1`/`b.1` when they
/// are known (float literals). `result` is the type `ops` leave (`Empty` or an `i32`). The
/// value of `a` passes through `F0`, and the choices are `if`s without `f64` results (which
/// `void_blocks` does not rewrite).
pub(super) fn f64_operation(
    a: (u32, Option<f64>),
    b: (u32, Option<f64>),
    ops: &[W<'static>],
    result: BlockType,
) -> Code {
    let mut code = Vec::new();
    let first = match a.1 {
        Some(f) => W::F64Const(f.into()),
        None => {
            code.extend(term_enc::wasm::is_small(a.0));
            code.extend([W::If(BlockType::Empty), W::LocalGet(a.0)]);
            code.extend(term_enc::wasm::small_value());
            code.extend([W::F64ConvertI64S, W::LocalSet(F0), W::Else]);
            code.extend(boxed_f64(a.0));
            code.extend([W::LocalSet(F0), W::End]);
            W::LocalGet(F0)
        }
    };
    match b.1 {
        Some(f) => {
            code.extend([first, W::F64Const(f.into())]);
            code.extend(ops.iter().cloned());
        }
        None => {
            code.extend(term_enc::wasm::is_small(b.0));
            code.extend([W::If(result), first.clone(), W::LocalGet(b.0)]);
            code.extend(term_enc::wasm::small_value());
            code.push(W::F64ConvertI64S);
            code.extend(ops.iter().cloned());
            code.extend([W::Else, first]);
            code.extend(boxed_f64(b.0));
            code.extend(ops.iter().cloned());
            code.push(W::End);
        }
    }
    code
}

/// Pushes the value of the boxed float in `t`.
pub(super) fn boxed_f64(t: u32) -> Code {
    let mut code: Code = pointer(t).to_vec();
    code.push(W::F64Load(tagged(float::VALUE, term_enc::PRIMARY_BOXED)));
    code
}

impl Lowerer<'_> {
    /// The `f64` a constant operand denotes when it is a float literal (known at compile time).
    pub(super) fn float_literal(&self, operand: &Operand) -> Option<f64> {
        match operand {
            Operand::Literal(index) => match self.module.literals.get(*index as usize) {
                Some(crate::beam::Term::Float(f)) => Some(*f),
                _ => None,
            },
            _ => None,
        }
    }

    /// What the operand's form and the compiler's type hints say about it being a float. The
    /// hints only decide whether an inline float path is worth its code; it checks the terms.
    pub(super) fn float_hint(&self, operand: &Operand) -> FloatHint {
        const FLOAT_TYPE: u16 = 16;
        match operand {
            Operand::Literal(_) if self.float_literal(operand).is_some() => FloatHint::Surely,
            Operand::TypedReg { type_index, .. } => {
                match self.module.types.as_ref().and_then(|t| t.get(*type_index)) {
                    Some(entry) if entry.bits == FLOAT_TYPE => FloatHint::Surely,
                    Some(entry) if entry.bits & FLOAT_TYPE == 0 => FloatHint::Never,
                    _ => FloatHint::Maybe,
                }
            }
            Operand::X(_) | Operand::Y(_) => FloatHint::Maybe,
            _ => FloatHint::Never,
        }
    }

    /// Whether an inline float path for an operation on `operands` is worth its code: when one
    /// of them is surely a float, or none is known not to be one.
    pub(super) fn wants_float_path(&self, operands: &[Operand]) -> bool {
        let hints: Vec<FloatHint> = operands.iter().map(|o| self.float_hint(o)).collect();
        hints.contains(&FloatHint::Surely) || !hints.contains(&FloatHint::Never)
    }

    /// `F0` holds the result of float arithmetic: when it is finite and the heap has room for
    /// a boxed float, boxes it into `result` (an `i64` local); else `result` is 0, for the
    /// caller's slow path (which raises `badarith`, or collects to make room).
    pub(super) fn emit_box_f0_or_zero(&mut self, result: u32) {
        self.emit([
            // x - x is 0 for finite x, NaN for infinities and NaN.
            W::LocalGet(F0),
            W::LocalGet(F0),
            W::F64Sub,
            W::F64Const(0.0.into()),
            W::F64Eq,
            // The room between the heap top and the stack.
            W::LocalGet(CTX),
            W::I32Load(mem(ctx::E)),
            W::LocalGet(CTX),
            W::I32Load(mem(ctx::HEAP_TOP)),
            W::I32Sub,
            W::I32Const(float::BYTES as i32),
            W::I32GeU,
            W::I32And,
            W::If(BlockType::Empty),
            W::LocalGet(CTX),
            W::I32Load(mem(ctx::HEAP_TOP)),
            W::LocalTee(A0),
            constant(float_header()),
            store_word(0),
            W::LocalGet(A0),
            W::LocalGet(F0),
            W::F64Store(mem64(float::VALUE)),
            W::LocalGet(CTX),
            W::LocalGet(A0),
            W::I32Const(float::BYTES as i32),
            W::I32Add,
            W::I32Store(mem(ctx::HEAP_TOP)),
            W::LocalGet(A0),
        ]);
        self.emit(term_enc::wasm::tag(term_enc::PRIMARY_BOXED));
        self.emit([
            W::LocalSet(result),
            W::Else,
            W::I64Const(0),
            W::LocalSet(result),
            W::End,
        ]);
    }
}

/// [`Lowerer::float_hint`].
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum FloatHint {
    /// A float literal, or a register the compiler's types say holds a float.
    Surely,
    /// Untyped, or a type that includes floats.
    Maybe,
    /// A constant of another kind, or a type without floats.
    Never,
}
