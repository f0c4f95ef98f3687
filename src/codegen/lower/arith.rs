//! Lowering of `bif0`, `bif1`/`bif2` and `gc_bif1..3`: small-integer arithmetic inline
//! where it has a fast path, everything else through the `bif` primitive.

use wasm_encoder::{BlockType, Instruction as W};

use super::{operand, Lowerer, T0, T1, T2, T3};
use crate::abi::term as term_enc;
use crate::abi::{Bif, Primitive, BIF_SILENT};
use crate::beam::{Instruction, Opcode, Operand};
use crate::cfg::BlockId;
use crate::codegen::{Code, CompileError};

/// The inline product's operands are values in `[-LIMIT, LIMIT)`: their product's magnitude is
/// at most `LIMIT^2 = 2^58`, a small integer.
const MULTIPLY_OPERAND_LIMIT: i64 = 1 << 29;
const _: () = assert!(MULTIPLY_OPERAND_LIMIT * MULTIPLY_OPERAND_LIMIT <= term_enc::SMALL_MAX);

impl Lowerer<'_> {
    /// Lowers `instruction` if it calls a BIF in a guard or expression; `Ok(false)`
    /// otherwise.
    pub(super) fn lower_arith_instruction(
        &mut self,
        instruction: &Instruction,
    ) -> Result<bool, CompileError> {
        let op = instruction.opcode;
        let module = self.module;
        let arg = |i: usize| operand(module, instruction, i);
        match op {
            Opcode::Bif0 => {
                let import = self.unsigned(instruction, 0)?;
                self.lower_bif(None, 0, import, &[], &arg(1)?)?;
            }
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
            _ => return Ok(false),
        }
        Ok(true)
    }

    /// Inline small-integer arithmetic on the terms in `T0` and `T1`: the result in `T2`, or
    /// `NON_VALUE` there to ask for the slow path (the BIF on the host, which also gives the
    /// bignums and the errors); `false` when the BIF has no inline form.
    fn emit_inline_arith(&mut self, bif: Bif) -> bool {
        let both_small = term_enc::wasm::both_small(T0, T1);
        let value = |local: u32| {
            let mut code = vec![W::LocalGet(local)];
            code.extend(term_enc::wasm::small_value());
            code
        };
        // The exact result's value into `T3` (both operands are small integers). The ones whose
        // value may not fit a small integer are range-checked after.
        let tail: Code = match bif {
            // Two 60-bit values: the sum and the difference are exact in 64 bits.
            Bif::Add | Bif::Subtract => {
                let mut code = value(T0);
                code.extend(value(T1));
                code.extend([
                    if bif == Bif::Add {
                        W::I64Add
                    } else {
                        W::I64Sub
                    },
                    W::LocalSet(T3),
                ]);
                code
            }
            // A product of two 60-bit values may need 119 bits, which no 64-bit operation
            // shows. Inline only when both values are within ±2^29: then the product's
            // magnitude is at most 2^58 and always a small integer; any other product is the
            // host's.
            Bif::Multiply => {
                let within = |local: u32| {
                    let mut code = value(local);
                    code.extend([
                        W::I64Const(MULTIPLY_OPERAND_LIMIT),
                        W::I64Add,
                        W::I64Const(2 * MULTIPLY_OPERAND_LIMIT),
                        W::I64LtU,
                    ]);
                    code
                };
                let mut code = within(T0);
                code.extend(within(T1));
                code.extend([W::I32And, W::If(BlockType::Empty)]);
                code.extend(value(T0));
                code.extend(value(T1));
                code.push(W::I64Mul);
                code.extend(term_enc::wasm::make_small());
                code.extend([
                    W::LocalSet(T2),
                    W::Else,
                    W::I64Const(0),
                    W::LocalSet(T2),
                    W::End,
                ]);
                let mut all: Code = both_small.to_vec();
                all.push(W::If(BlockType::Empty));
                all.extend(code);
                all.extend([W::Else, W::I64Const(0), W::LocalSet(T2), W::End]);
                self.emit(all);
                return true;
            }
            // On two small integers these keep the tag bits (`xor` clears them; they are put
            // back) and the result is always a small integer.
            Bif::Band | Bif::Bor | Bif::Bxor => {
                let op = match bif {
                    Bif::Band => W::I64And,
                    Bif::Bor => W::I64Or,
                    _ => W::I64Xor,
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
                    W::I64Const(0),
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
            // A small integer iff the value fits 60 signed bits.
            W::LocalGet(T3),
            W::I64Const(term_enc::SMALL_MIN),
            W::I64GeS,
            W::LocalGet(T3),
            W::I64Const(term_enc::SMALL_MAX),
            W::I64LeS,
            W::I32And,
            W::If(BlockType::Empty),
            W::LocalGet(T3),
        ]);
        code.extend(term_enc::wasm::make_small());
        code.extend([
            W::LocalSet(T2),
            W::Else,
            W::I64Const(0),
            W::LocalSet(T2),
            W::End,
            W::Else,
            W::I64Const(0),
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
            self.emit([W::LocalGet(T2), W::I64Eqz, W::If(BlockType::Empty)]);
            self.emit_bif_call(bif, &locals[..2], guard_live(fail, live));
            self.emit([W::Else, W::LocalGet(T2), W::LocalSet(T0), W::End]);
        } else {
            self.emit_bif_call(bif, &locals[..args.len()], guard_live(fail, live));
        }
        self.finish_bif(Primitive::Bif, fail, destination)
    }

    fn import_bif(&self, index: u32) -> Result<Bif, CompileError> {
        let (m, f, a) = self.import_mfa(index)?;
        Bif::from_mfa(m, f, a).ok_or_else(|| self.error(format!("BIF {m}:{f}/{a}")))
    }
}

/// The `live` operand of a BIF call: with a fail label (a guard) the call is silent, so that a
/// failure allocates nothing and the registers the fail path reads stay valid.
fn guard_live(fail: Option<BlockId>, live: u32) -> u32 {
    match fail {
        Some(_) => live | BIF_SILENT,
        None => live,
    }
}
