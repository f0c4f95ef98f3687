//! Lowering of `bif0`, `bif1`/`bif2` and `gc_bif1..3`: small-integer arithmetic inline
//! where it has a fast path, everything else through the `bif` primitive.

use wasm_encoder::{BlockType, Instruction as W, ValType};

use super::floats::{f64_operation, float_or_small};
use super::{operand, Lowerer, F0, T0, T1, T2, T3};
use crate::abi::term as term_enc;
use crate::abi::term::wasm::constant;
use crate::abi::{Bif, Primitive, BIF_SILENT};
use crate::beam::{Instruction, Opcode, Operand};
use crate::cfg::BlockId;
use crate::codegen::{Code, CompileError};

/// Bits in an `i64`: shift counts at or past it leave no bits of the value.
const WORD_BITS: i64 = 64;

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

    /// Inline arithmetic on the terms in `T0` (and `T1`), the operands `args`: the result in
    /// `T2`, or 0 (`NON_VALUE`) there to ask for the slow path (the BIF on the host, which
    /// also gives the bignums, the errors and the collections); `false` when the BIF has no
    /// inline form. Small integers are computed with `i64` operations on their values; `+`,
    /// `-`, `*` and `/` on floats (and small integers mixed with floats) with `f64` ones,
    /// into a new boxed float.
    fn emit_inline_arith(&mut self, bif: Bif, args: &[Operand]) -> bool {
        let slow = || [W::I64Const(0), W::LocalSet(T2)];
        // The condition of the integer fast path, and its code (which sets `T2`).
        let (condition, body): (Code, Code) = match bif {
            // Two 60-bit values: the sum and the difference are exact in 64 bits.
            Bif::Add | Bif::Subtract => {
                let mut code = small_value_of(T0);
                code.extend(small_value_of(T1));
                code.push(if bif == Bif::Add {
                    W::I64Add
                } else {
                    W::I64Sub
                });
                code.extend(small_if_fits());
                (term_enc::wasm::both_small(T0, T1).to_vec(), code)
            }
            // A product of two 60-bit values may need 119 bits, which no 64-bit operation
            // shows. Inline only when both values are within ±2^29: then the product's
            // magnitude is at most 2^58 and always a small integer; any other product is the
            // host's.
            Bif::Multiply => {
                let within = |local: u32| {
                    let mut code = small_value_of(local);
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
                code.extend(small_value_of(T0));
                code.extend(small_value_of(T1));
                code.push(W::I64Mul);
                code.extend(term_enc::wasm::make_small());
                code.push(W::LocalSet(T2));
                code.push(W::Else);
                code.extend(slow());
                code.push(W::End);
                (term_enc::wasm::both_small(T0, T1).to_vec(), code)
            }
            // `div` truncates toward zero and `rem` takes the dividend's sign: `div_s` and
            // `rem_s`. A zero divisor is the host's (`badarith`); the one quotient that leaves
            // the small range (`SMALL_MIN div -1`) is range-checked.
            Bif::IntDiv | Bif::Rem => {
                let mut condition = term_enc::wasm::both_small(T0, T1).to_vec();
                condition.extend([
                    W::LocalGet(T1),
                    constant(term_enc::small(0)),
                    W::I64Ne,
                    W::I32And,
                ]);
                let divide = |code: &mut Code| {
                    code.extend(small_value_of(T0));
                    code.extend(small_value_of(T1));
                    code.push(if bif == Bif::IntDiv {
                        W::I64DivS
                    } else {
                        W::I64RemS
                    });
                };
                let literal = args.get(1).and_then(|divisor| match divisor {
                    Operand::Int(d) => ConstantDivisor::new(*d),
                    _ => None,
                });
                let mut code = Code::new();
                match literal {
                    // A literal divisor: a dividend in `0..2^31` is divided by a multiply and
                    // a shift (a 64-bit `idiv` costs tens of cycles, and Cranelift keeps it);
                    // any other dividend by `div_s`/`rem_s`.
                    Some(divisor) => {
                        code.extend(small_value_of(T0));
                        code.extend([
                            W::I64Const(ConstantDivisor::DIVIDEND_LIMIT),
                            W::I64LtU,
                            W::If(BlockType::Result(ValType::I64)),
                        ]);
                        if bif == Bif::Rem {
                            code.extend(small_value_of(T0));
                        }
                        code.extend(small_value_of(T0));
                        code.extend(divisor.quotient());
                        if bif == Bif::Rem {
                            // `n - (n div d) * d`
                            code.extend([W::I64Const(divisor.divisor), W::I64Mul, W::I64Sub]);
                        }
                        code.push(W::Else);
                        divide(&mut code);
                        code.push(W::End);
                    }
                    None => divide(&mut code),
                }
                code.extend(small_if_fits());
                (condition, code)
            }
            // On two small integers these keep the tag bits (`xor` clears them; they are put
            // back) and the result is always a small integer.
            Bif::Band | Bif::Bor | Bif::Bxor => {
                let op = match bif {
                    Bif::Band => W::I64And,
                    Bif::Bor => W::I64Or,
                    _ => W::I64Xor,
                };
                let mut code = vec![W::LocalGet(T0), W::LocalGet(T1), op];
                code.extend(term_enc::wasm::retag_small());
                code.push(W::LocalSet(T2));
                (term_enc::wasm::both_small(T0, T1).to_vec(), code)
            }
            Bif::Bsl | Bif::Bsr => (
                term_enc::wasm::both_small(T0, T1).to_vec(),
                shift(bif == Bif::Bsl),
            ),
            // `-v` leaves the small range only for `SMALL_MIN`.
            Bif::Negate => {
                let mut code = vec![W::I64Const(0)];
                code.extend(small_value_of(T0));
                code.push(W::I64Sub);
                code.extend(small_if_fits());
                (term_enc::wasm::is_small(T0).to_vec(), code)
            }
            // `bnot v` is `-v - 1`: the value bits flipped, the tag kept.
            Bif::Bnot => (
                term_enc::wasm::is_small(T0).to_vec(),
                vec![
                    W::LocalGet(T0),
                    W::I64Const(!(term_enc::IMMEDIATE_MASK as i64)),
                    W::I64Xor,
                    W::LocalSet(T2),
                ],
            ),
            // `/` always gives a float: only the float path.
            Bif::Divide => (vec![W::I32Const(0)], Vec::new()),
            _ => return false,
        };
        let mut code = condition;
        code.push(W::If(BlockType::Empty));
        code.extend(body);
        code.push(W::Else);
        self.emit(code);
        let float_op = match bif {
            Bif::Add => Some(W::F64Add),
            Bif::Subtract => Some(W::F64Sub),
            Bif::Multiply => Some(W::F64Mul),
            Bif::Divide => Some(W::F64Div),
            _ => None,
        };
        // In GC-stress mode every allocation is the host's (which collects there).
        match float_op {
            Some(op)
                if !self.options.gc_stress
                    && (bif == Bif::Divide || self.wants_float_path(args)) =>
            {
                self.emit_inline_float_arith(op, args)
            }
            _ => self.emit(slow()),
        }
        self.emit([W::End]);
        true
    }

    /// Float arithmetic `op` on the terms in `T0` and `T1` (the operands `args`) when each is
    /// a boxed float or a small integer (converted as OTP converts it): a new boxed float in
    /// `T2`, or 0 there (another operand, a result that is not finite, no room on the heap).
    fn emit_inline_float_arith(&mut self, op: W<'static>, args: &[Operand]) {
        let known = [self.float_literal(&args[0]), self.float_literal(&args[1])];
        let mut code: Code = Vec::new();
        let mut checks = 0;
        for (local, known) in [(T0, known[0]), (T1, known[1])] {
            if known.is_none() {
                code.extend(float_or_small(local, false));
                checks += 1;
            }
        }
        match checks {
            0 => code.push(W::I32Const(1)),
            2 => code.push(W::I32And),
            _ => {}
        }
        code.push(W::If(BlockType::Empty));
        code.extend(f64_operation(
            (T0, known[0]),
            (T1, known[1]),
            &[op, W::LocalSet(F0)],
            BlockType::Empty,
        ));
        self.emit(code);
        self.emit_box_f0_or_zero(T2);
        self.emit([W::Else, W::I64Const(0), W::LocalSet(T2), W::End]);
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
        if args.len() <= 2 && self.emit_inline_arith(bif, args) {
            // T2 holds the fast result or NON_VALUE; only then call the primitive.
            self.emit([W::LocalGet(T2), W::I64Eqz, W::If(BlockType::Empty)]);
            self.emit_bif_call(bif, &locals[..args.len()], guard_live(fail, live));
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

/// With the exact value (an `i64`) of a small-integer operation on the stack: its small integer
/// into `T2` when it fits 60 signed bits, else 0 (the host's).
/// Division of a dividend in `0..DIVIDEND_LIMIT` by a constant as `(n * magic) >> shift`
/// (Granlund and Montgomery, "Division by invariant integers using multiplication", Theorem
/// 4.2 with N = 31: `shift = 31 + ceil(log2 d)`, `magic = ceil(2^shift / d) <= 2^32`, so the
/// product stays below 2^63 and the quotient is exact for every such dividend).
#[derive(Clone, Copy, Debug)]
struct ConstantDivisor {
    divisor: i64,
    magic: i64,
    shift: u32,
}

impl ConstantDivisor {
    const DIVIDEND_LIMIT: i64 = 1 << 31;

    /// Divisors in `1..2^31`.
    fn new(divisor: i64) -> Option<ConstantDivisor> {
        if !(1..Self::DIVIDEND_LIMIT).contains(&divisor) {
            return None;
        }
        let log2_ceiling = 64 - (divisor as u64 - 1).leading_zeros();
        let shift = 31 + log2_ceiling;
        let magic = (1u128 << shift).div_ceil(divisor as u128);
        Some(ConstantDivisor {
            divisor,
            magic: i64::try_from(magic).ok()?,
            shift,
        })
    }

    /// The quotient of the dividend (an `i64` in `0..DIVIDEND_LIMIT`) on the stack.
    fn quotient(self) -> [W<'static>; 4] {
        [
            W::I64Const(self.magic),
            W::I64Mul,
            W::I64Const(self.shift as i64),
            W::I64ShrU,
        ]
    }

    #[cfg(test)]
    fn quotient_of(self, dividend: i64) -> i64 {
        ((dividend as u64).wrapping_mul(self.magic as u64) >> self.shift) as i64
    }
}

/// The value (`i64`) of the small integer in local `local`.
fn small_value_of(local: u32) -> Code {
    let mut code = vec![W::LocalGet(local)];
    code.extend(term_enc::wasm::small_value());
    code
}

/// The `i64` value on the stack as a small integer into `T2` when it fits, else 0 there
/// (uses `T3`).
fn small_if_fits() -> Code {
    let mut code = vec![
        W::LocalTee(T3),
        W::I64Const(term_enc::SMALL_MIN),
        W::I64GeS,
        W::LocalGet(T3),
        W::I64Const(term_enc::SMALL_MAX),
        W::I64LeS,
        W::I32And,
        W::If(BlockType::Empty),
        W::LocalGet(T3),
    ];
    code.extend(term_enc::wasm::make_small());
    code.extend([
        W::LocalSet(T2),
        W::Else,
        W::I64Const(0),
        W::LocalSet(T2),
        W::End,
    ]);
    code
}

/// `T0 bsl T1` (`left`) or `T0 bsr T1` on two small integers into `T2`, or 0 there. The left
/// shift count `s` (`T1`'s value, negated for `bsr`) is in `T3`: a count in `0..64` shifts left
/// when no bit is lost and the result is a small integer; a negative count shifts right
/// (rounding toward negative infinity, as `bsr` does), by at most 63, which leaves 0 or -1;
/// anything else (a count of 64 or more) is the host's.
fn shift(left: bool) -> Code {
    let mut code = Vec::new();
    if !left {
        code.push(W::I64Const(0));
    }
    code.extend(small_value_of(T1));
    if !left {
        code.push(W::I64Sub);
    }
    code.extend([
        W::LocalTee(T3),
        W::I64Const(0),
        W::I64GeS,
        W::If(BlockType::Empty),
        W::LocalGet(T3),
        W::I64Const(WORD_BITS),
        W::I64LtU,
        W::If(BlockType::Empty),
    ]);
    // The shifted value in `T2`; kept if shifting it back gives the value again.
    code.extend(small_value_of(T0));
    code.extend([
        W::LocalGet(T3),
        W::I64Shl,
        W::LocalTee(T2),
        W::LocalGet(T3),
        W::I64ShrS,
    ]);
    code.extend(small_value_of(T0));
    code.extend([
        W::I64Eq,
        W::LocalGet(T2),
        W::I64Const(term_enc::SMALL_MIN),
        W::I64GeS,
        W::I32And,
        W::LocalGet(T2),
        W::I64Const(term_enc::SMALL_MAX),
        W::I64LeS,
        W::I32And,
        W::If(BlockType::Empty),
        W::LocalGet(T2),
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
        W::Else,
    ]);
    // A right shift by `min(-s, WORD_BITS - 1)`.
    code.extend(small_value_of(T0));
    code.extend([
        W::I64Const(WORD_BITS - 1),
        W::I64Const(0),
        W::LocalGet(T3),
        W::I64Sub,
        W::LocalTee(T3),
        W::LocalGet(T3),
        W::I64Const(WORD_BITS - 1),
        W::I64GtU,
        W::Select,
        W::I64ShrS,
    ]);
    code.extend(term_enc::wasm::make_small());
    code.extend([W::LocalSet(T2), W::End]);
    code
}

#[cfg(test)]
mod tests {
    use super::ConstantDivisor;

    #[test]
    fn constant_division_is_exact_over_the_dividend_range() {
        let limit = ConstantDivisor::DIVIDEND_LIMIT;
        let mut divisors: Vec<i64> = (1..=1000).collect();
        divisors.extend([
            1 << 16,
            (1 << 16) + 1,
            65_521,
            1 << 30,
            (1 << 30) + 1,
            limit - 1,
        ]);
        divisors.extend((0..200).map(|i: i64| (i * 2_654_435_761) % (limit - 1) + 1));
        for d in divisors {
            let divisor = ConstantDivisor::new(d).expect("in range");
            let mut dividends = vec![0, 1, limit - 1, limit - 2, d - 1, d, d + 1];
            for k in [1, 2, 3, (limit - 1) / d, (limit - 1) / d - 1] {
                dividends.extend([k * d - 1, k * d, k * d + 1]);
            }
            dividends.extend((0..200).map(|i: i64| (i * 40_503 * d + i) % limit));
            for n in dividends.into_iter().filter(|n| (0..limit).contains(n)) {
                assert_eq!(divisor.quotient_of(n), n / d, "{n} div {d}");
            }
        }
        assert!(ConstantDivisor::new(0).is_none());
        assert!(ConstantDivisor::new(-7).is_none());
        assert!(ConstantDivisor::new(limit).is_none());
    }
}
