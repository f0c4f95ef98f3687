//! Lowering of the moves and of building and reading lists and tuples: `move`, `swap`,
//! `init`/`init_yregs`, `get_list`/`get_hd`/`get_tl`, `put_list`, `put_tuple2`,
//! `get_tuple_element`, `set_tuple_element`, and OTP 26's `update_record`.

use std::collections::HashMap;

use wasm_encoder::Instruction as W;

use super::{mem, operand, pointer, tagged, Lowerer, A0, CTX, T0, T1, T2};
use crate::abi::ctx;
use crate::abi::term::wasm::{constant, load_word, store_word};
use crate::abi::term::{self as term_enc, boxed as tags, list_cell, tuple};
use crate::beam::{Instruction, Opcode, Operand};
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
                self.emit([constant(term_enc::NIL), W::LocalSet(T0)]);
                for y in self.list(instruction, 0)? {
                    self.store(&y, T0)?;
                }
            }
            Opcode::Init => {
                self.emit([constant(term_enc::NIL), W::LocalSet(T0)]);
                self.store(&arg(0)?, T0)?;
            }
            Opcode::GetList => {
                self.load_to(&arg(0)?, T0)?;
                self.emit(pointer(T0));
                self.emit([
                    W::I64Load(tagged(list_cell::HEAD, term_enc::PRIMARY_LIST)),
                    W::LocalSet(T1),
                    W::LocalGet(T0),
                ]);
                self.emit(term_enc::wasm::untag(term_enc::PRIMARY_LIST));
                self.emit([load_word(list_cell::TAIL), W::LocalSet(T2)]);
                self.store(&arg(1)?, T1)?;
                self.store(&arg(2)?, T2)?;
            }
            Opcode::GetHd | Opcode::GetTl => {
                self.load_to(&arg(0)?, T0)?;
                // Through the list tag: the head at an offset, the tail after untagging.
                let (add, offset) = if op == Opcode::GetHd {
                    (0, list_cell::HEAD - term_enc::PRIMARY_LIST as u32)
                } else {
                    (-(term_enc::PRIMARY_LIST as i32), list_cell::TAIL)
                };
                self.emit(pointer(T0));
                self.emit([
                    W::I32Const(add),
                    W::I32Add,
                    load_word(offset),
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
                    W::LocalTee(A0),
                    W::LocalGet(T1),
                    store_word(list_cell::TAIL),
                    W::LocalGet(A0),
                    W::LocalGet(T0),
                    store_word(list_cell::HEAD),
                ]);
                self.emit_finish_allocation(list_cell::BYTES, term_enc::PRIMARY_LIST, &arg(2)?)?;
            }
            Opcode::PutTuple2 => {
                let elements = self.list(instruction, 1)?;
                let n = elements.len() as u32;
                self.emit([
                    W::LocalGet(CTX),
                    W::I32Load(mem(ctx::HEAP_TOP)),
                    W::LocalTee(A0),
                    constant(term_enc::header(n, tags::TUPLE)),
                    store_word(0),
                ]);
                for (i, element) in elements.iter().enumerate() {
                    self.emit([W::LocalGet(A0)]);
                    self.load(element)?;
                    self.emit([store_word(tuple::element(i as u32))]);
                }
                self.emit_finish_allocation(tuple::element(n), term_enc::PRIMARY_BOXED, &arg(0)?)?;
            }
            Opcode::UpdateRecord => {
                // OTP 26: update_record Hint Size Src Dst {list, [Index, Value, ...]}: a copy
                // of tuple Src (of Size elements, which the compiler has checked) with the
                // listed 1-based positions replaced. The hint (`copy`, `inplace`) is only a
                // hint: a fresh copy is always right.
                let size = self.unsigned(instruction, 1)?;
                let updates = self.list(instruction, 4)?;
                if updates.len() % 2 != 0 {
                    return Err(self.error("update_record with a malformed update list"));
                }
                let mut replaced = HashMap::new();
                for pair in updates.chunks(2) {
                    let index = match pair[0] {
                        Operand::U(i) if (1..=u64::from(size)).contains(&i) => i as u32,
                        Operand::Int(i) if (1..=i64::from(size)).contains(&i) => i as u32,
                        ref other => {
                            return Err(self.error(format!("update_record index {other:?}")))
                        }
                    };
                    replaced.insert(index - 1, pair[1].clone());
                }
                self.load_to(&arg(2)?, T1)?;
                self.emit([
                    W::LocalGet(CTX),
                    W::I32Load(mem(ctx::HEAP_TOP)),
                    W::LocalTee(A0),
                    constant(term_enc::header(size, tags::TUPLE)),
                    store_word(0),
                ]);
                for i in 0..size {
                    self.emit([W::LocalGet(A0)]);
                    match replaced.get(&i) {
                        Some(value) => self.load(value)?,
                        None => {
                            self.emit(pointer(T1));
                            self.emit([W::I64Load(tagged(
                                tuple::element(i),
                                term_enc::PRIMARY_BOXED,
                            ))]);
                        }
                    }
                    self.emit([store_word(tuple::element(i))]);
                }
                self.emit_finish_allocation(
                    tuple::element(size),
                    term_enc::PRIMARY_BOXED,
                    &arg(3)?,
                )?;
            }
            Opcode::GetTupleElement => {
                self.load_to(&arg(0)?, T0)?;
                let index = self.unsigned(instruction, 1)?;
                self.emit(pointer(T0));
                self.emit([
                    W::I64Load(tagged(tuple::element(index), term_enc::PRIMARY_BOXED)),
                    W::LocalSet(T1),
                ]);
                self.store(&arg(2)?, T1)?;
            }
            Opcode::SetTupleElement => {
                self.load_to(&arg(0)?, T0)?;
                self.load_to(&arg(1)?, T1)?;
                let index = self.unsigned(instruction, 2)?;
                self.emit(pointer(T1));
                self.emit([
                    W::LocalGet(T0),
                    W::I64Store(tagged(tuple::element(index), term_enc::PRIMARY_BOXED)),
                ]);
            }
            _ => return Ok(false),
        }
        Ok(true)
    }
}
