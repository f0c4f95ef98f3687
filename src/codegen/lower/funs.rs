//! Lowering of funs and dynamic calls: `make_fun2`/`make_fun3`, `call_fun`/`call_fun2`,
//! `apply`/`apply_last` and calls to `erlang:apply/2,3`.
//!
//! A call to a local fun of the right arity is inline: the free variables are copied after the
//! arguments (`memory.copy`) and the fun's entry continuation is jumped to. Everything else
//! (external funs, `apply`, BIFs called dynamically, `badfun`/`badarity`/`undef`) goes through
//! the `call` primitive, which returns the continuation to go on at.

use wasm_encoder::{BlockType, Instruction as W};

use crate::abi::term::{self as term_enc, boxed as tags, fun};
use crate::abi::{call_op, cp, ctx, Primitive};
use crate::beam::{Instruction, Opcode, Operand};
use crate::codegen::CompileError;

use super::calls::CallKind;
use super::{mem, pointer, tagged, Lowerer, A0, CTX, T0, T1, T2};
use crate::abi::term::wasm::{constant, store_word};

impl Lowerer<'_> {
    /// Lowers `instruction` if it makes or calls a fun or applies; `Ok(false)` otherwise.
    pub(super) fn lower_fun_instruction(
        &mut self,
        instruction: &Instruction,
    ) -> Result<bool, CompileError> {
        match instruction.opcode {
            Opcode::MakeFun3 => {
                let index = self.unsigned(instruction, 0)?;
                let free = self.list(instruction, 2)?;
                self.emit_make_fun(index, &free, &self.arg(instruction, 1)?)?;
            }
            Opcode::MakeFun2 => {
                // Older code: the free variables are in x0.., the fun goes to x0, and the
                // instruction makes its own room.
                let index = self.unsigned(instruction, 0)?;
                let num_free = self.fun_entry(index)?.num_free;
                self.emit_ensure_heap(fun::LOCAL_WORDS + num_free, 1, num_free);
                let free: Vec<Operand> = (0..num_free).map(Operand::X).collect();
                self.emit_make_fun(index, &free, &Operand::X(0))?;
            }
            Opcode::CallFun => {
                let arity = self.unsigned(instruction, 0)?;
                let kind = std::mem::replace(&mut self.fun_call_kind, CallKind::Body);
                self.emit_dynamic_call(call_op::FUN, arity, kind)?;
            }
            Opcode::CallFun2 => {
                // The fun may be in any register: move it after the arguments.
                let arity = self.unsigned(instruction, 1)?;
                self.check_arity(arity)?;
                self.load_to(&self.arg(instruction, 2)?, T0)?;
                self.store(&Operand::X(arity), T0)?;
                let kind = std::mem::replace(&mut self.fun_call_kind, CallKind::Body);
                self.emit_dynamic_call(call_op::FUN, arity, kind)?;
            }
            Opcode::Apply => {
                let arity = self.unsigned(instruction, 0)?;
                self.emit_dynamic_call(call_op::APPLY, arity, CallKind::Body)?;
            }
            Opcode::ApplyLast => {
                let arity = self.unsigned(instruction, 0)?;
                let frame = self.unsigned(instruction, 1)?;
                self.emit_dynamic_call(call_op::APPLY, arity, CallKind::Last(frame))?;
            }
            _ => return Ok(false),
        }
        Ok(true)
    }

    fn fun_entry(&self, index: u32) -> Result<crate::beam::FunEntry, CompileError> {
        self.module
            .funs
            .get(index as usize)
            .copied()
            .ok_or_else(|| CompileError::Malformed {
                module: self.module.name.clone(),
                what: format!("fun index {index} is not in the fun table"),
            })
    }

    /// The atom-table index of the module's own name.
    fn module_atom(&self) -> Result<u32, CompileError> {
        (1..=self.module.atoms.len() as u32)
            .find(|&i| self.module.atom(i).ok() == Some(self.module.name.as_str()))
            .ok_or_else(|| CompileError::Malformed {
                module: self.module.name.clone(),
                what: "the module's name is not in its atom table".into(),
            })
    }

    fn check_arity(&self, arity: u32) -> Result<(), CompileError> {
        if arity + 2 > ctx::X_REGISTERS {
            return Err(self.error(format!("a dynamic call with {arity} arguments")));
        }
        Ok(())
    }

    /// Builds a local fun on the heap (room was made by the instruction before).
    fn emit_make_fun(
        &mut self,
        index: u32,
        free: &[Operand],
        destination: &Operand,
    ) -> Result<(), CompileError> {
        let entry = self.fun_entry(index)?;
        let num_free = free.len() as u32;
        if num_free != entry.num_free || entry.arity < num_free {
            return Err(CompileError::Malformed {
                module: self.module.name.clone(),
                what: format!(
                    "fun {index} has {} free variables, made with {num_free}",
                    entry.num_free
                ),
            });
        }
        let arity = entry.arity - num_free;
        if arity > fun::MAX_ARITY || index >= 1 << 19 {
            return Err(self.error(format!("a fun of arity {arity} (index {index})")));
        }
        let block = self.label_block(entry.label)?;
        // Calls to the fun enter its code from outside the function that made it.
        self.add_entry(entry.label, block);
        self.emit([
            W::LocalGet(CTX),
            W::I32Load(mem(ctx::HEAP_TOP)),
            W::LocalTee(A0),
            constant(term_enc::header(fun::LOCAL_WORDS - 1 + num_free, tags::FUN)),
            store_word(0),
            W::LocalGet(A0),
        ]);
        self.emit(cp::push_local(entry.label));
        self.emit([
            store_word(fun::ENTRY),
            W::LocalGet(A0),
            constant(fun::info(index, arity)),
            store_word(fun::INFO),
            W::LocalGet(A0),
        ]);
        self.load(&Operand::Atom(self.module_atom()?))?;
        self.emit([
            store_word(fun::MODULE),
            W::LocalGet(A0),
            // `old_uniq` cut to the 27-bit hash `abi::term::fun` documents.
            constant(term_enc::small(i64::from(entry.old_uniq & 0x7FF_FFFF))),
            store_word(fun::UNIQ),
            W::LocalGet(A0),
            W::LocalGet(CTX),
            W::I64Load(mem(ctx::SELF)),
            store_word(fun::CREATOR),
        ]);
        for (i, variable) in free.iter().enumerate() {
            self.emit([W::LocalGet(A0)]);
            self.load(variable)?;
            self.emit([store_word(fun::free(i as u32))]);
        }
        self.emit_finish_allocation(fun::free(num_free), term_enc::PRIMARY_BOXED, destination)
    }

    /// A call whose target is known only at run time: a fun (`op` = `call_op::FUN`, the fun
    /// in `x[arity]`) or an `apply`.
    pub(super) fn emit_dynamic_call(
        &mut self,
        op: u32,
        arity: u32,
        kind: CallKind,
    ) -> Result<(), CompileError> {
        self.check_arity(arity)?;
        let return_point = self.begin_call(kind)?;
        if op == call_op::FUN {
            // Inline when x[arity] is a local fun of this arity: T2 := its entry, else 0.
            self.load_to(&Operand::X(arity), T0)?;
            self.emit([W::I64Const(0), W::LocalSet(T2)]);
            let boxed = term_enc::PRIMARY_BOXED;
            self.open_if_boxed_header(T0);
            self.emit([W::LocalTee(T1)]);
            self.emit(term_enc::wasm::header_tag());
            self.emit([
                W::I32Const(tags::FUN as i32),
                W::I32Eq,
                W::Else,
                W::I32Const(0),
                W::End,
                W::If(BlockType::Empty),
            ]);
            // The entry word (tag 00 for local funs) and the arity in the info word.
            self.emit(pointer(T0));
            self.emit([
                W::I64Load(tagged(fun::ENTRY, boxed)),
                W::I64Const(term_enc::PRIMARY_MASK as i64),
                W::I64And,
                W::I64Eqz,
            ]);
            self.emit(pointer(T0));
            self.emit([W::I64Load(tagged(fun::INFO, boxed))]);
            self.emit(term_enc::wasm::fun_info_arity());
            self.emit([
                W::I32Const(arity as i32),
                W::I32Eq,
                W::I32And,
                W::If(BlockType::Empty),
                // x[arity..] := the free variables (header size less the fixed words, in bytes)
                W::LocalGet(CTX),
                W::I32Const(ctx::x(arity) as i32),
                W::I32Add,
            ]);
            self.emit(pointer(T0));
            self.emit([
                W::I32Const((fun::free(0) - boxed as u32) as i32),
                W::I32Add,
                W::LocalGet(T1),
            ]);
            self.emit(term_enc::wasm::header_size());
            self.emit([
                W::I32Const((fun::LOCAL_WORDS - 1) as i32),
                W::I32Sub,
                W::I32Const(term_enc::WORD_ALIGN as i32),
                W::I32Shl,
                W::MemoryCopy {
                    src_mem: 0,
                    dst_mem: 0,
                },
            ]);
            self.emit(pointer(T0));
            self.emit([
                W::I64Load(tagged(fun::ENTRY, boxed)),
                W::LocalSet(T2),
                W::End,
                W::End,
            ]);
            // Not a local fun of this arity: the `call` primitive sorts it out.
            self.emit([W::LocalGet(T2), W::I64Eqz, W::If(BlockType::Empty)]);
            self.emit_call_primitive_call(op, arity);
            self.emit([W::End]);
        } else {
            self.emit_call_primitive_call(op, arity);
        }
        // The callee's entry counts the reduction.
        self.emit_continue_at(T2);
        self.graph.resume(return_point);
        Ok(())
    }

    /// `T2 := call(ctx, op, arity)` (a continuation word); raises if it did.
    fn emit_call_primitive_call(&mut self, op: u32, arity: u32) {
        self.emit([
            W::LocalGet(CTX),
            W::I32Const(op as i32),
            W::I32Const(arity as i32),
        ]);
        self.call_primitive(Primitive::Call);
        self.emit([W::LocalTee(T2)]);
        self.emit_check_raised(Primitive::Call);
    }
}
