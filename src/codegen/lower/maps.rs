//! Lowering of the map instructions (`put_map_assoc`, `put_map_exact`, `get_map_elements`,
//! `has_map_fields`) and of the guard BIFs `map_get/2` and `is_map_key/2` (`docs/abi.md` §3.3
//! for the maps, §6 for `map_op`).
//!
//! Keys that are immediates (atoms, small integers, `[]`, local pids and ports) take an inline
//! path: an immediate equals only the very same word (no float equals an integer in map key
//! order, and bignums never hold a small value), so a flatmap lookup is a scan of its keys
//! tuple for the word. Updates of keys that are all present build the new map inline: a
//! flatmap copy that shares the keys tuple. Everything else — other keys, absent keys, no map,
//! no room on the heap, a large map (its tree is ordered by OTP's internal hash of the keys,
//! which this code does not compute) — goes to the `map_op` primitive, which gives the same
//! results and raises the same errors.

use wasm_encoder::{BlockType, Instruction as W};

use crate::abi::term::wasm::{constant, load_word, store_word};
use crate::abi::term::{self as term_enc, boxed as tags, tuple};
use crate::abi::{ctx, map_op, Primitive};
use crate::beam::{Instruction, Opcode, Operand, Register};
use crate::codegen::CompileError;

use super::{mem, pointer, tagged, Lowerer, A0, A1, A2, CTX, T0, T1, T2, T3};

/// What is known at compile time of a key operand.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Key {
    /// An immediate constant.
    Immediate,
    /// A register: an immediate or not, as it happens.
    Register,
    /// A constant that is no immediate (a literal, a bignum): always the host's.
    Other,
}

fn key_kind(operand: &Operand) -> Key {
    match operand {
        Operand::Atom(_) | Operand::Nil | Operand::Char(_) => Key::Immediate,
        Operand::Int(v) if term_enc::fits_small(*v) => Key::Immediate,
        Operand::X(_) | Operand::Y(_) | Operand::TypedReg { .. } => Key::Register,
        _ => Key::Other,
    }
}

/// The inline lookup's outcome, in `A0`.
const FOUND: i32 = 1;
const ABSENT: i32 = 0;
const ASK_HOST: i32 = 2;

/// Byte offsets in a flatmap (`docs/abi.md` §3.3), from the header.
const MAP_KEYS: u32 = term_enc::word(1);
const MAP_VALUES: u32 = term_enc::word(2);
const BOXED: u64 = term_enc::PRIMARY_BOXED;

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
        self.load_to(&source, T1)?;
        // Keys the inline path can take: try it first, the host when it leaves 0 in T0.
        // Not `#{} #{K => V}` (new maps built from a literal: their keys are new).
        let literal_assoc =
            instruction.opcode == Opcode::PutMapAssoc && matches!(source, Operand::Literal(_));
        let inline = !items.is_empty()
            && !literal_assoc
            && items
                .chunks(2)
                .all(|pair| matches!(key_kind(&pair[0]), Key::Immediate | Key::Register));
        if inline {
            self.emit_inline_put(&items)?;
            self.emit([W::LocalGet(T0), W::I64Eqz, W::If(BlockType::Empty)]);
        }
        for (i, item) in items.iter().enumerate() {
            self.load_to(item, T0)?;
            self.store(&Operand::X(first + i as u32), T0)?;
        }
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
        if inline {
            self.emit([W::End]);
        }
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
            let kind = key_kind(&chunk[0]);
            if kind != Key::Other {
                self.emit_inline_lookup(T1, T2, kind == Key::Register);
                self.emit([
                    W::LocalGet(A0),
                    W::I32Const(ASK_HOST),
                    W::I32Eq,
                    W::If(BlockType::Empty),
                ]);
            }
            self.emit_map_op(
                map_op::GET,
                0,
                W::LocalGet(T1),
                W::LocalGet(T2),
                W::I64Const(0),
            );
            if kind != Key::Other {
                self.emit([W::End]);
            }
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
        let key = self.arg(instruction, 2)?;
        self.load_to(&key, T1)?;
        self.load_to(&self.arg(instruction, 3)?, T2)?;
        let kind = key_kind(&key);
        if kind != Key::Other {
            self.emit_inline_lookup(T2, T1, kind == Key::Register);
            if op & !map_op::SILENT == map_op::IS_MAP_KEY {
                // Found or absent: the boolean; the host otherwise.
                self.emit([
                    constant(term_enc::atom_true()),
                    constant(term_enc::atom_false()),
                    W::LocalGet(A0),
                    W::I32Const(FOUND),
                    W::I32Eq,
                    W::Select,
                    W::LocalSet(T0),
                    W::LocalGet(A0),
                    W::I32Const(ASK_HOST),
                    W::I32Eq,
                ]);
            } else if fail.is_some() {
                // An absent key fails the guard with T0 = 0, as the host would.
                self.emit([W::LocalGet(A0), W::I32Const(ASK_HOST), W::I32Eq]);
            } else {
                // An absent key raises `{badkey, K}`: the host's.
                self.emit([W::LocalGet(A0), W::I32Const(FOUND), W::I32Ne]);
            }
            self.emit([W::If(BlockType::Empty)]);
        }
        self.emit_map_op(op, 0, W::LocalGet(T1), W::LocalGet(T2), W::I64Const(0));
        if kind != Key::Other {
            self.emit([W::End]);
        }
        self.finish_bif(Primitive::MapOp, fail, &self.arg(instruction, 4)?)?;
        Ok(true)
    }
}

/// The header size field (`i32`) of the header word in `T3`.
fn header_size_of_t3() -> [W<'static>; 4] {
    [
        W::LocalGet(T3),
        W::I64Const(term_enc::HEADER_SIZE_SHIFT as i64),
        W::I64ShrU,
        W::I32WrapI64,
    ]
}

/// `(header size of T3 ± 1) * WORD_BYTES`, `plus_or_minus` the `I32Add` or `I32Sub`.
fn t3_size_bytes(plus_or_minus: W<'static>) -> Vec<W<'static>> {
    let mut code = header_size_of_t3().to_vec();
    code.extend([
        W::I32Const(1),
        plus_or_minus,
        W::I32Const(term_enc::WORD_ALIGN as i32),
        W::I32Shl,
    ]);
    code
}

/// The byte offset of the last key in the keys tuple of the flatmap whose header is in `T3`
/// (and of its last value after the keys pointer): `(size - 1) * WORD_BYTES`.
fn flatmap_last_offset_of_t3() -> Vec<W<'static>> {
    t3_size_bytes(W::I32Sub)
}

/// The bytes of the whole map object whose header is in `T3`: `(size + 1) * WORD_BYTES`.
fn map_bytes_of_t3() -> Vec<W<'static>> {
    t3_size_bytes(W::I32Add)
}

/// One step of the scan of a flatmap's keys tuple (at `A1`, from the last key): leaves the
/// block `exit` levels out when no key is left, steps `A2` to the previous key's offset and
/// pushes 1 if that key is the word in local `key`.
fn flatmap_key_step(exit: u32, key: u32) -> [W<'static>; 12] {
    [
        W::LocalGet(A2),
        W::I32Eqz,
        W::BrIf(exit),
        W::LocalGet(A2),
        W::I32Const(term_enc::WORD_BYTES as i32),
        W::I32Sub,
        W::LocalTee(A2),
        W::LocalGet(A1),
        W::I32Add,
        W::I64Load(tagged(tuple::element(0), BOXED)),
        W::LocalGet(key),
        W::I64Eq,
    ]
}

impl Lowerer<'_> {
    /// Inside a block to leave (depth 0) when the term in `map` is no map: the map's header
    /// to `T3`, its keys word (as an `i32`) to `A1`, and pushes 1 if it is a flatmap (the
    /// keys word a boxed pointer), 0 if a large map (a small integer there).
    fn emit_open_map(&mut self, map: u32) {
        self.emit(term_enc::wasm::is_not_boxed(map));
        self.emit([W::BrIf(0), W::LocalGet(map)]);
        self.emit(term_enc::wasm::untag(BOXED));
        self.emit([load_word(0), W::LocalTee(T3)]);
        self.emit(term_enc::wasm::header_tag());
        self.emit([W::I32Const(tags::MAP as i32), W::I32Ne, W::BrIf(0)]);
        self.emit(pointer(map));
        self.emit([
            W::I64Load(tagged(MAP_KEYS, BOXED)),
            W::I32WrapI64,
            W::LocalTee(A1),
            W::I32Const(term_enc::PRIMARY_MASK as i32),
            W::I32And,
            W::I32Const(BOXED as i32),
            W::I32Eq,
        ]);
    }

    /// The inline lookup of the key in (`i64`) local `key` in the map in local `map`
    /// (`check_key`: whether to test that the key is an immediate). Leaves in `A0` `FOUND`
    /// (the value in `T0`), `ABSENT` (the map has no such key) or `ASK_HOST` (no map, a key
    /// that is no immediate, a tree this path cannot walk); `T0` is 0 unless `FOUND`. Uses
    /// `T0`, `T3`, `A0`..`A2`.
    fn emit_inline_lookup(&mut self, map: u32, key: u32, check_key: bool) {
        self.emit([
            W::I64Const(0),
            W::LocalSet(T0),
            W::I32Const(ASK_HOST),
            W::LocalSet(A0),
            W::Block(BlockType::Empty),
        ]);
        if check_key {
            self.emit(term_enc::wasm::is_immediate(key));
            self.emit([W::I32Eqz, W::BrIf(0)]);
        }
        self.emit_open_map(map);
        // A flatmap: scan its keys (from the last) for the word.
        self.emit([W::If(BlockType::Empty)]);
        self.emit(flatmap_last_offset_of_t3());
        self.emit([
            W::LocalSet(A2),
            W::I32Const(ABSENT),
            W::LocalSet(A0),
            W::Loop(BlockType::Empty),
        ]);
        self.emit(flatmap_key_step(2, key));
        self.emit([W::If(BlockType::Empty)]);
        self.emit(pointer(map));
        self.emit([
            W::LocalGet(A2),
            W::I32Add,
            W::I64Load(tagged(MAP_VALUES, BOXED)),
            W::LocalSet(T0),
            W::I32Const(FOUND),
            W::LocalSet(A0),
            W::Br(3),
            W::End,
            W::Br(0),
            W::End,
            // A large map is the host's: its tree is in hash order (A0 stays `ASK_HOST`).
            W::End,
            W::End,
        ]);
    }

    /// The inline update of the map in `T1` with `pairs` (keys and values), all of whose keys
    /// it must hold (`Key::Immediate` or `Key::Register` keys): the new map in `T0`, or 0 when
    /// the host must do it (no map, a key absent or no immediate, no room on the heap, a large
    /// map with more than one pair or a key that is no small integer). Allocates at the heap
    /// top without collecting, so that no register needs to live through it. Uses `T0`, `T2`,
    /// `T3`, `A0`..`A2`.
    fn emit_inline_put(&mut self, pairs: &[Operand]) -> Result<(), CompileError> {
        self.emit([W::I64Const(0), W::LocalSet(T0), W::Block(BlockType::Empty)]);
        self.emit_open_map(T1);
        // A flatmap: copy it (header, keys pointer, values), then store each value over its
        // key's.
        self.emit([W::If(BlockType::Empty)]);
        self.emit(map_bytes_of_t3());
        self.emit([
            W::LocalTee(A2),
            W::LocalGet(CTX),
            W::I32Load(mem(ctx::HEAP_TOP)),
            W::LocalTee(A0),
            W::I32Add,
            W::LocalGet(CTX),
            W::I32Load(mem(ctx::E)),
            W::I32GtU,
            W::BrIf(1),
            W::Loop(BlockType::Empty),
            W::LocalGet(A0),
            W::LocalGet(A2),
            W::I32Const(term_enc::WORD_BYTES as i32),
            W::I32Sub,
            W::LocalTee(A2),
            W::I32Add,
        ]);
        self.emit(pointer(T1));
        self.emit([
            W::LocalGet(A2),
            W::I32Add,
            W::I32Const(BOXED as i32),
            W::I32Sub,
            load_word(0),
            store_word(0),
            W::LocalGet(A2),
            W::BrIf(0),
            W::End,
        ]);
        for pair in pairs.chunks(2) {
            self.load_to(&pair[0], T2)?;
            if key_kind(&pair[0]) == Key::Register {
                self.emit(term_enc::wasm::is_immediate(T2));
                self.emit([W::I32Eqz, W::BrIf(1)]);
            }
            self.emit(flatmap_last_offset_of_t3());
            self.emit([
                W::LocalSet(A2),
                W::Block(BlockType::Empty),
                W::Loop(BlockType::Empty),
            ]);
            self.emit(flatmap_key_step(3, T2));
            self.emit([
                W::If(BlockType::Empty),
                W::LocalGet(A0),
                W::LocalGet(A2),
                W::I32Add,
            ]);
            self.load(&pair[1])?;
            self.emit([
                store_word(MAP_VALUES),
                W::Br(2),
                W::End,
                W::Br(0),
                W::End,
                W::End,
            ]);
        }
        self.emit([W::LocalGet(A0)]);
        self.emit(term_enc::wasm::tag(BOXED));
        self.emit([W::LocalSet(T0), W::LocalGet(CTX), W::LocalGet(A0)]);
        self.emit(map_bytes_of_t3());
        self.emit([
            W::I32Add,
            W::I32Store(mem(ctx::HEAP_TOP)),
            // A large map is the host's (T0 stays 0).
            W::End,
            W::End,
        ]);
        Ok(())
    }
}
