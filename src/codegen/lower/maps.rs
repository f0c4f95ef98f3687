//! Lowering of the map instructions (`put_map_assoc`, `put_map_exact`, `get_map_elements`,
//! `has_map_fields`) and of the guard BIFs `map_get/2` and `is_map_key/2`, through the
//! `map_op` primitive (`docs/abi.md` §6; the maps themselves are §3.3).

use wasm_encoder::Instruction as W;

use crate::abi::{ctx, map_op, Primitive};
use crate::beam::{Instruction, Opcode, Operand, Register};
use crate::codegen::CompileError;

use super::{Lowerer, CTX, T0, T1, T2};
use crate::abi::term::wasm::store_word;

/// The x register an operand reads, if any.
fn x_register(operand: &Operand) -> Option<u32> {
    match operand.register() {
        Some(Register::X(n)) => Some(n),
        _ => None,
    }
}

impl Lowerer<'_> {
    /// Lowers `instruction` if it is a map instruction or a map guard BIF; `Ok(false)` if it
    /// is not one.
    pub(super) fn lower_map_instruction(
        &mut self,
        instruction: &Instruction,
    ) -> Result<bool, CompileError> {
        match instruction.opcode {
            // map_get/2 and is_map_key/2 raise terms (any other BIF is arithmetic's).
            Opcode::Bif2 => return self.lower_map_guard_bif(instruction),
            Opcode::PutMapAssoc | Opcode::PutMapExact => self.lower_put_map(instruction)?,
            Opcode::GetMapElements | Opcode::HasMapFields => {
                self.lower_get_map_elements(instruction)?
            }
            _ => return Ok(false),
        }
        Ok(true)
    }

    /// `map_op(ctx, op, live, a, b, c)` (`a`, `b`, `c` push `i64`s), the result in `T0`.
    fn emit_map_op(&mut self, op: u32, live: u32, a: W<'static>, b: W<'static>, c: W<'static>) {
        self.emit([
            W::LocalGet(CTX),
            W::I32Const(op as i32),
            W::I32Const(live as i32),
            a,
            b,
            c,
        ]);
        self.call_primitive(Primitive::MapOp);
        self.emit([W::LocalSet(T0)]);
    }

    /// `{put_map_assoc|put_map_exact, Fail, Src, Dst, Live, {list, [K1, V1, ...]}}`.
    ///
    /// The pairs may sit in x registers at or above `Live`, which a collection does not keep:
    /// they are copied to x registers above every register the instruction reads, and the
    /// primitive reads them from there before it allocates.
    fn lower_put_map(&mut self, instruction: &Instruction) -> Result<(), CompileError> {
        let fail = self.fail_block(Some(&self.arg(instruction, 0)?))?;
        let source = self.arg(instruction, 1)?;
        let destination = self.arg(instruction, 2)?;
        let live = self.unsigned(instruction, 3)?;
        let items = self.list(instruction, 4)?;
        if items.len() % 2 != 0 {
            return Err(self.error(format!(
                "{} with an odd list of keys and values",
                instruction.opcode.name()
            )));
        }
        let first = items
            .iter()
            .chain([&source])
            .filter_map(x_register)
            .map(|n| n + 1)
            .chain([live])
            .max()
            .unwrap_or(0);
        let end = first as u64 + items.len() as u64;
        if end > ctx::X_REGISTERS as u64 {
            return Err(self.error(format!(
                "{} with {} keys and values past x{}",
                instruction.opcode.name(),
                items.len(),
                first
            )));
        }
        for (i, item) in items.iter().enumerate() {
            self.load_to(item, T0)?;
            self.emit([
                W::LocalGet(CTX),
                W::LocalGet(T0),
                store_word(ctx::x(first + i as u32)),
            ]);
        }
        self.load_to(&source, T1)?;
        let mut op = if instruction.opcode == Opcode::PutMapAssoc {
            map_op::PUT_ASSOC
        } else {
            map_op::PUT_EXACT
        };
        if fail.is_some() {
            op |= map_op::SILENT;
        }
        self.emit_map_op(
            op,
            live,
            W::LocalGet(T1),
            W::I64Const(i64::from(first)),
            W::I64Const((items.len() / 2) as i64),
        );
        self.finish_bif(Primitive::MapOp, fail, &destination)
    }

    /// `{get_map_elements, Fail, Src, {list, [K1, D1, ...]}}` and
    /// `{test, has_map_fields, Fail, Src, {list, [K1, ...]}}`: a lookup per key, in order; a
    /// missing key (or a source that is no map) jumps to `Fail`.
    fn lower_get_map_elements(&mut self, instruction: &Instruction) -> Result<(), CompileError> {
        let fail = self.required_fail(&self.arg(instruction, 0)?)?;
        let source = self.arg(instruction, 1)?;
        let items = self.list(instruction, 2)?;
        let step = if instruction.opcode == Opcode::GetMapElements {
            if items.len() % 2 != 0 {
                return Err(self.error("get_map_elements with an odd list of keys"));
            }
            2
        } else {
            1
        };
        self.load_to(&source, T1)?;
        for chunk in items.chunks(step) {
            self.load_to(&chunk[0], T2)?;
            self.emit_map_op(
                map_op::GET,
                0,
                W::LocalGet(T1),
                W::LocalGet(T2),
                W::I64Const(0),
            );
            self.emit([W::LocalGet(T0), W::I64Eqz]);
            self.branch_to_fail_if(fail);
            if let Some(destination) = chunk.get(1) {
                self.store(destination, T0)?;
            }
        }
        Ok(())
    }

    /// `{bif, map_get|is_map_key, Fail, [Key, Map], Dst}`. These BIFs raise `{badmap, M}` and
    /// `{badkey, K}`, terms on the heap, but a `bif` instruction names no live registers: in
    /// a guard (a fail label) they fail without building the reason; elsewhere the error ends
    /// the x registers' lives anyway. `Ok(false)` for any other BIF.
    fn lower_map_guard_bif(&mut self, instruction: &Instruction) -> Result<bool, CompileError> {
        let import = self.unsigned(instruction, 1)?;
        let mut op = match self.import_mfa(import)? {
            ("erlang", "map_get", 2) => map_op::MAP_GET,
            ("erlang", "is_map_key", 2) => map_op::IS_MAP_KEY,
            _ => return Ok(false),
        };
        let fail = self.fail_block(Some(&self.arg(instruction, 0)?))?;
        if fail.is_some() {
            op |= map_op::SILENT;
        }
        self.load_to(&self.arg(instruction, 2)?, T1)?;
        self.load_to(&self.arg(instruction, 3)?, T2)?;
        self.emit_map_op(op, 0, W::LocalGet(T1), W::LocalGet(T2), W::I64Const(0));
        self.finish_bif(Primitive::MapOp, fail, &self.arg(instruction, 4)?)?;
        Ok(true)
    }
}
