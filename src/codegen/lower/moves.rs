//! Lowering of the moves and of building and reading lists and tuples: `move`, `swap`,
//! `init`/`init_yregs`, `get_list`/`get_hd`/`get_tl`, `put_list`, `put_tuple2`,
//! `get_tuple_element`, `set_tuple_element`.

use wasm_encoder::Instruction as W;

use super::{mem, operand, tagged, Lowerer, CTX, T0, T1, T2};
use crate::abi::ctx;
use crate::abi::term::{self as term_enc, boxed as tags, list_cell, tuple};
use crate::beam::{Instruction, Opcode};
use crate::codegen::CompileError;

impl Lowerer<'_> {
    /// Lowers `instruction` if it moves a term or builds or reads a list or tuple;
    /// `Ok(false)` otherwise.
    pub(super) fn lower_move_instruction(
        &mut self,
        instruction: &Instruction,
    ) -> Result<bool, CompileError> {
        let op = instruction.opcode;
        let module = self.module;
        let arg = |i: usize| operand(module, instruction, i);
        match op {
            Opcode::Move => {
                self.load_to(&arg(0)?, T0)?;
                self.store(&arg(1)?, T0)?;
            }
            Opcode::Swap => {
                let (a, b) = (arg(0)?, arg(1)?);
                self.load_to(&a, T0)?;
                self.load_to(&b, T1)?;
                self.store(&a, T1)?;
                self.store(&b, T0)?;
            }
            Opcode::InitYregs => {
                self.emit([W::I32Const(term_enc::NIL as i32), W::LocalSet(T0)]);
                for y in self.list(instruction, 0)? {
                    self.store(&y, T0)?;
                }
            }
            Opcode::Init => {
                self.emit([W::I32Const(term_enc::NIL as i32), W::LocalSet(T0)]);
                self.store(&arg(0)?, T0)?;
            }
            Opcode::GetList => {
                self.load_to(&arg(0)?, T0)?;
                self.emit([
                    W::LocalGet(T0),
                    W::I32Load(tagged(list_cell::HEAD, term_enc::PRIMARY_LIST)),
                    W::LocalSet(T1),
                    W::LocalGet(T0),
                ]);
                self.emit(term_enc::wasm::untag(term_enc::PRIMARY_LIST));
                self.emit([W::I32Load(mem(list_cell::TAIL)), W::LocalSet(T2)]);
                self.store(&arg(1)?, T1)?;
                self.store(&arg(2)?, T2)?;
            }
            Opcode::GetHd | Opcode::GetTl => {
                self.load_to(&arg(0)?, T0)?;
                // Through the list tag: the head at an offset, the tail after untagging.
                let (add, offset) = if op == Opcode::GetHd {
                    (0, list_cell::HEAD - term_enc::PRIMARY_LIST)
                } else {
                    (-(term_enc::PRIMARY_LIST as i32), list_cell::TAIL)
                };
                self.emit([
                    W::LocalGet(T0),
                    W::I32Const(add),
                    W::I32Add,
                    W::I32Load(mem(offset)),
                    W::LocalSet(T1),
                ]);
                self.store(&arg(1)?, T1)?;
            }
            Opcode::PutList => {
                self.load_to(&arg(0)?, T0)?;
                self.load_to(&arg(1)?, T1)?;
                self.emit([
                    W::LocalGet(CTX),
                    W::I32Load(mem(ctx::HEAP_TOP)),
                    W::LocalTee(T2),
                    W::LocalGet(T1),
                    W::I32Store(mem(list_cell::TAIL)),
                    W::LocalGet(T2),
                    W::LocalGet(T0),
                    W::I32Store(mem(list_cell::HEAD)),
                ]);
                self.emit_finish_allocation(list_cell::BYTES, term_enc::PRIMARY_LIST, &arg(2)?)?;
            }
            Opcode::PutTuple2 => {
                let elements = self.list(instruction, 1)?;
                let n = elements.len() as u32;
                self.emit([
                    W::LocalGet(CTX),
                    W::I32Load(mem(ctx::HEAP_TOP)),
                    W::LocalTee(T2),
                    W::I32Const(term_enc::header(n, tags::TUPLE) as i32),
                    W::I32Store(mem(0)),
                ]);
                for (i, element) in elements.iter().enumerate() {
                    self.emit([W::LocalGet(T2)]);
                    self.load(element)?;
                    self.emit([W::I32Store(mem(tuple::element(i as u32)))]);
                }
                self.emit_finish_allocation(tuple::element(n), term_enc::PRIMARY_BOXED, &arg(0)?)?;
            }
            Opcode::GetTupleElement => {
                self.load_to(&arg(0)?, T0)?;
                let index = self.unsigned(instruction, 1)?;
                self.emit([
                    W::LocalGet(T0),
                    W::I32Load(tagged(tuple::element(index), term_enc::PRIMARY_BOXED)),
                    W::LocalSet(T1),
                ]);
                self.store(&arg(2)?, T1)?;
            }
            Opcode::SetTupleElement => {
                self.load_to(&arg(0)?, T0)?;
                self.load_to(&arg(1)?, T1)?;
                let index = self.unsigned(instruction, 2)?;
                self.emit([
                    W::LocalGet(T1),
                    W::LocalGet(T0),
                    W::I32Store(tagged(tuple::element(index), term_enc::PRIMARY_BOXED)),
                ]);
            }
            _ => return Ok(false),
        }
        Ok(true)
    }
}
