//! Lowering of the bit-syntax instructions (`bs_create_bin`, the `bs_*` match instructions).
//!
//! Every instruction is one call of the `bits_op` primitive (`docs/abi.md` §6), except
//! `bs_create_bin`, which is a begin call, one call per segment and a finish call. What the
//! compiler knows (kind, flags, unit) travels in the `op` word; terms in `a`, `b`, `c`.
//! Strings of the StrT chunk (`bs_match_string`, `string` segments) become binary literals.

use std::collections::HashMap;

use wasm_encoder::{BlockType, Instruction as W, MemArg, ValType};

use crate::abi::term::{self as term_enc, heap_binary, match_state, refc_binary, sub_binary};
use crate::abi::{bits_op as op, Primitive};
use crate::beam::{BeamModule, Instruction, Opcode, Operand, Term};
use crate::cfg::BlockId;
use crate::codegen::CompileError;

use super::construction::{Construction, LiveRegisters, Segment, SegmentKind, SegmentSize};
use super::{
    heap_room_below, mem, operand, pointer, tagged, Lowerer, A0, A1, A2, CTX, T0, T1, T2, T3,
};
use crate::abi::term::wasm::{constant, load_word, store_word};

/// Byte loads.
fn mem8(offset: u32) -> MemArg {
    MemArg {
        offset: offset as u64,
        align: 0,
        memory_index: 0,
    }
}

/// A word of a match state, through its tagged pointer (pushed by [`pointer`]). Its position
/// and end are raw (untagged) bit counts, a word each.
fn match_state_word(offset: u32) -> MemArg {
    tagged(offset, term_enc::PRIMARY_BOXED)
}

/// A literal size operand, if it is one.
fn literal_size(operand: &Operand) -> Option<u64> {
    match operand {
        Operand::Int(n) if *n >= 0 => Some(*n as u64),
        Operand::U(n) => Some(*n),
        _ => None,
    }
}

/// Bytes an inline append writes at most (the rest goes through `bits_op`).
const MAX_INLINE_BYTES: u32 = 64;

/// An integer segment of an inline append: its value (a register, or a small literal), its
/// whole bytes, and whether they are stored little-endian.
struct IntSegment {
    value: Operand,
    bytes: u32,
    little: bool,
}

/// The bits of an integer match the fast path reads inline: whole bytes, at most 64 bits.
fn inline_integer_bits(bits: Option<u64>) -> Option<u32> {
    bits.filter(|&b| (8..=64).contains(&b) && b % 8 == 0)
        .map(|b| b as u32)
}

/// An argument of a `bits_op` call.
enum Arg {
    /// The term an operand denotes.
    Term(Operand),
    /// A constant word.
    Word(i64),
}

/// The StrT slices the module's bit-syntax instructions use, made binary literals (appended
/// to `literals`): `(offset, bytes) -> literal index`.
pub(super) fn collect_strings(
    module: &BeamModule,
    literals: &mut Vec<Term>,
) -> HashMap<(u32, u32), u32> {
    let mut map = HashMap::new();
    let mut add = |offset: u64, bytes: u64, literals: &mut Vec<Term>| {
        let (Ok(offset), Ok(bytes)) = (u32::try_from(offset), u32::try_from(bytes)) else {
            return;
        };
        let Some(slice) = module
            .strings
            .get(offset as usize..(offset as usize).saturating_add(bytes as usize))
        else {
            return;
        };
        map.entry((offset, bytes)).or_insert_with(|| {
            literals.push(Term::Binary(slice.to_vec()));
            literals.len() as u32 - 1
        });
    };
    for function in &module.functions {
        for instruction in &function.instructions {
            match instruction.opcode {
                Opcode::BsMatchString => {
                    if let [_, _, Operand::U(bits), Operand::U(offset)] = instruction.args[..] {
                        add(offset, bits.div_ceil(8), literals);
                    }
                }
                Opcode::BsPutString => {
                    if let [Operand::U(bytes), Operand::U(offset)] = instruction.args[..] {
                        add(offset, bytes, literals);
                    }
                }
                Opcode::BsCreateBin => {
                    if let Some(Operand::List(items)) = instruction.args.last() {
                        for segment in items.chunks(6) {
                            if let [Operand::Atom(kind), _, _, _, Operand::U(offset), size] =
                                segment
                            {
                                if module.atom(*kind).ok() == Some("string") {
                                    let bytes = match size {
                                        Operand::Int(n) => *n as u64,
                                        Operand::U(n) => *n,
                                        _ => continue,
                                    };
                                    add(*offset, bytes, literals);
                                }
                            }
                        }
                    }
                }
                _ => {}
            }
        }
    }
    map
}

impl Lowerer<'_> {
    /// Lowers `instruction` if it is a bit-syntax instruction; `Ok(false)` if it is not one.
    pub(super) fn lower_bits_instruction(
        &mut self,
        instruction: &Instruction,
    ) -> Result<bool, CompileError> {
        let o = instruction.opcode;
        let module = self.module;
        let arg = |i: usize| operand(module, instruction, i);
        match o {
            Opcode::BsStartMatch3 | Opcode::BsStartMatch4 => {
                // bs_start_match3 Fail Bin Live Dst; bs_start_match4 Fail Live Src Dst, where
                // Fail may be the atom `no_fail` or `resume`.
                let (source, live) = if o == Opcode::BsStartMatch3 {
                    (arg(1)?, self.unsigned(instruction, 2)?)
                } else {
                    (arg(2)?, self.unsigned(instruction, 1)?)
                };
                let fail = match arg(0)? {
                    Operand::Atom(_) => None,
                    other => self.fail_block(Some(&other))?,
                };
                let flags = if fail.is_none() { op::FLAG_RAISE } else { 0 };
                // Already a match state (a loop passing its context on): reuse it inline.
                self.load_to(&source, T0)?;
                self.emit_boxed_tag_is(T0, &[term_enc::boxed::MATCH_STATE]);
                self.emit([W::I32Eqz, W::If(BlockType::Empty)]);
                // A binary: its match state is written inline when the heap has room.
                let inline = !self.options.gc_stress;
                if inline {
                    self.emit_inline_start_match();
                    self.emit([W::LocalGet(T0), W::I64Eqz, W::If(BlockType::Empty)]);
                }
                self.emit_bits_op(
                    op::encode(op::START_MATCH, flags, 0),
                    live,
                    [Arg::Term(source), Arg::Word(0), Arg::Word(0)],
                )?;
                if inline {
                    self.emit([W::End]);
                }
                self.emit([W::End]);
                self.finish_bits(fail)?;
                self.store(&arg(3)?, T0)?;
            }
            Opcode::BsGetInteger2 | Opcode::BsGetFloat2 | Opcode::BsGetBinary2 => {
                // Fail Ms Live Size Unit Flags Dst
                let kind = match o {
                    Opcode::BsGetInteger2 => op::GET_INTEGER,
                    Opcode::BsGetFloat2 => op::GET_FLOAT,
                    _ => op::GET_BINARY,
                };
                let fail = self.required_fail(&arg(0)?)?;
                let live = self.unsigned(instruction, 2)?;
                let unit = self.unsigned(instruction, 4)?;
                let flags = self.field_flags(&arg(5)?)?;
                let bits = literal_size(&arg(3)?).and_then(|n| n.checked_mul(u64::from(unit)));
                let inline = match (kind, bits) {
                    (op::GET_INTEGER, _) => match inline_integer_bits(bits) {
                        Some(n) => {
                            self.emit_inline_get_integer(&arg(1)?, n, flags)?;
                            true
                        }
                        None => false,
                    },
                    (op::GET_BINARY, Some(n)) if n <= u64::from(u32::MAX) => {
                        self.emit_inline_get_binary(&arg(1)?, Some(n as u32))?;
                        true
                    }
                    _ => false,
                };
                if inline {
                    self.emit([W::LocalGet(T0), W::I64Eqz, W::If(BlockType::Empty)]);
                }
                self.emit_bits_op(
                    op::encode(kind, flags, unit),
                    live,
                    [Arg::Term(arg(1)?), Arg::Term(arg(3)?), Arg::Word(0)],
                )?;
                if inline {
                    self.emit([W::End]);
                }
                self.emit_fail_if_zero(fail);
                self.store(&arg(6)?, T0)?;
            }
            Opcode::BsSkipBits2 => {
                // Fail Ms Size Unit Flags
                let fail = self.required_fail(&arg(0)?)?;
                let unit = self.unsigned(instruction, 3)?;
                let flags = self.field_flags(&arg(4)?)?;
                match literal_size(&arg(2)?).map(|n| n * unit as u64) {
                    Some(n) if n < 1 << 24 => {
                        self.emit_skip(&arg(1)?, n, fail)?;
                    }
                    _ => {
                        self.emit_bits_op(
                            op::encode(op::SKIP_BITS, flags, unit),
                            0,
                            [Arg::Term(arg(1)?), Arg::Term(arg(2)?), Arg::Word(0)],
                        )?;
                        self.emit_fail_if_zero(fail);
                    }
                }
            }
            Opcode::BsTestTail2 => {
                let fail = self.required_fail(&arg(0)?)?;
                let bits = self.unsigned(instruction, 2)?;
                // end - pos != bits fails.
                self.emit_left_bits(&arg(1)?)?;
                self.emit([W::I64Const(i64::from(bits)), W::I64Ne]);
                self.branch_to_fail_if(fail);
            }
            Opcode::BsTestUnit => {
                let fail = self.required_fail(&arg(0)?)?;
                let unit = self.unsigned(instruction, 2)?.max(1);
                // (end - pos) rem unit != 0 fails.
                self.emit_left_bits(&arg(1)?)?;
                if unit.is_power_of_two() {
                    self.emit([W::I64Const(i64::from(unit) - 1), W::I64And]);
                } else {
                    self.emit([W::I64Const(i64::from(unit)), W::I64RemU]);
                }
                self.emit([W::I64Const(0), W::I64Ne]);
                self.branch_to_fail_if(fail);
            }
            Opcode::BsMatchString => {
                // Fail Ms Bits Offset
                let fail = self.required_fail(&arg(0)?)?;
                let bits = self.unsigned(instruction, 2)?;
                let offset = self.unsigned(instruction, 3)?;
                let literal = self.string_literal(offset, bits.div_ceil(8))?;
                self.emit_bits_op(
                    op::encode(op::MATCH_STRING, 0, 0),
                    0,
                    [Arg::Term(arg(1)?), literal, small(bits)?],
                )?;
                self.emit_fail_if_zero(fail);
            }
            Opcode::BsGetPosition => {
                // Ms Dst Live: a position that fits a small integer inline.
                let live = self.unsigned(instruction, 2)?;
                self.load_to(&arg(0)?, T1)?;
                self.emit(pointer(T1));
                self.emit([
                    W::I64Load(match_state_word(match_state::POSITION)),
                    W::LocalTee(T2),
                    W::I64Const(term_enc::SMALL_MAX),
                    W::I64LeU,
                    W::If(BlockType::Empty),
                    W::LocalGet(T2),
                ]);
                self.emit(term_enc::wasm::make_small());
                self.emit([W::LocalSet(T0), W::Else]);
                self.emit_bits_op(
                    op::encode(op::GET_POSITION, 0, 0),
                    live,
                    [Arg::Term(arg(0)?), Arg::Word(0), Arg::Word(0)],
                )?;
                self.emit([W::LocalGet(T0)]);
                self.emit_check_raised(Primitive::BitsOp);
                self.emit([W::End]);
                self.store(&arg(1)?, T0)?;
            }
            Opcode::BsGetTail => {
                // Ms Dst Live
                let live = self.unsigned(instruction, 2)?;
                self.emit_get_tail(&arg(0)?, live)?;
                self.store(&arg(1)?, T0)?;
            }
            Opcode::BsSetPosition => {
                // A small position is stored inline; a bignum one through `bits_op`.
                self.load_to(&arg(1)?, T2)?;
                self.emit(term_enc::wasm::is_small(T2));
                self.emit([W::If(BlockType::Empty)]);
                self.load_to(&arg(0)?, T1)?;
                self.emit(pointer(T1));
                self.emit([W::LocalGet(T2)]);
                self.emit(term_enc::wasm::unsigned_small_value());
                self.emit([
                    W::I64Store(match_state_word(match_state::POSITION)),
                    W::Else,
                ]);
                self.emit_bits_op(
                    op::encode(op::SET_POSITION, 0, 0),
                    0,
                    [Arg::Term(arg(0)?), Arg::Term(arg(1)?), Arg::Word(0)],
                )?;
                self.emit([W::End]);
            }
            Opcode::BsGetUtf8
            | Opcode::BsGetUtf16
            | Opcode::BsGetUtf32
            | Opcode::BsSkipUtf8
            | Opcode::BsSkipUtf16
            | Opcode::BsSkipUtf32 => {
                // Fail Ms Live Flags [Dst]
                let kind = match o {
                    Opcode::BsGetUtf8 | Opcode::BsSkipUtf8 => op::GET_UTF8,
                    Opcode::BsGetUtf16 | Opcode::BsSkipUtf16 => op::GET_UTF16,
                    _ => op::GET_UTF32,
                };
                let fail = self.required_fail(&arg(0)?)?;
                let live = self.unsigned(instruction, 2)?;
                let flags = self.field_flags(&arg(3)?)?;
                self.emit_bits_op(
                    op::encode(kind, flags, 0),
                    live,
                    [Arg::Term(arg(1)?), Arg::Word(0), Arg::Word(0)],
                )?;
                self.emit_fail_if_zero(fail);
                if matches!(
                    o,
                    Opcode::BsGetUtf8 | Opcode::BsGetUtf16 | Opcode::BsGetUtf32
                ) {
                    self.store(&arg(4)?, T0)?;
                }
            }
            Opcode::BsInitWritable => {
                // x0 (a size hint) -> x0, an empty binary the next appends may extend.
                self.emit_bits_op(
                    op::encode(op::INIT_WRITABLE, 0, 0),
                    1,
                    [Arg::Term(Operand::X(0)), Arg::Word(0), Arg::Word(0)],
                )?;
                self.finish_bits(None)?;
                self.store(&Operand::X(0), T0)?;
            }
            Opcode::BsAdd => {
                // Fail S1 S2 Unit Dst (OTP 21-24): the size a construction sequence computes.
                let fail = self.fail_block(Some(&arg(0)?))?;
                let unit = self.unsigned(instruction, 3)?;
                let quiet = if fail.is_some() { op::FLAG_QUIET } else { 0 };
                self.emit_bits_op(
                    op::encode(op::SIZE_ADD, quiet, unit),
                    0,
                    [Arg::Term(arg(1)?), Arg::Term(arg(2)?), Arg::Word(0)],
                )?;
                self.finish_bits(fail)?;
                self.store(&arg(4)?, T0)?;
            }
            Opcode::BsUtf8Size | Opcode::BsUtf16Size => {
                // Fail Src Dst: never fails.
                let kind = if o == Opcode::BsUtf8Size {
                    op::UTF8_SIZE
                } else {
                    op::UTF16_SIZE
                };
                self.emit_bits_op(
                    op::encode(kind, 0, 0),
                    0,
                    [Arg::Term(arg(1)?), Arg::Word(0), Arg::Word(0)],
                )?;
                self.store(&arg(2)?, T0)?;
            }
            Opcode::BsCreateBin => {
                let construction = self.create_bin(instruction)?;
                self.lower_construction(&construction)?;
            }
            Opcode::BsMatch => self.lower_bs_match(instruction)?,
            _ => return Ok(false),
        }
        Ok(true)
    }

    /// `bs_create_bin Fail Alloc Live Unit Dst {list, Segments}`, six operands a segment:
    /// `Type, Index, Unit, Flags, Value, Size`, read as a [`Construction`].
    fn create_bin(&self, instruction: &Instruction) -> Result<Construction, CompileError> {
        let fail = self.arg(instruction, 0)?;
        let items = self.list(instruction, 5)?;
        if !items.len().is_multiple_of(6) {
            return Err(self.error("bs_create_bin with a malformed segment list"));
        }
        let mut segments = Vec::with_capacity(items.len() / 6);
        for segment in items.chunks(6) {
            let [Operand::Atom(kind), _, unit, flags, value, size] = segment else {
                return Err(self.error(format!("bs_create_bin segment {segment:?}")));
            };
            let kind_name = self
                .module
                .atom(*kind)
                .map_err(|e| self.error(e.to_string()))?;
            let unit = match unit {
                Operand::U(u) if *u <= 256 => *u as u32,
                other => return Err(self.error(format!("bs_create_bin unit {other:?}"))),
            };
            let size = match size {
                Operand::Atom(a) if self.module.atom(*a).ok() == Some("undefined") => {
                    SegmentSize::Undefined
                }
                Operand::Atom(a) if self.module.atom(*a).ok() == Some("all") => SegmentSize::All,
                other => SegmentSize::Units(other.clone()),
            };
            let kind = match kind_name {
                "integer" => SegmentKind::Integer,
                "float" => SegmentKind::Float,
                "binary" => SegmentKind::Binary,
                "utf8" => SegmentKind::Utf8,
                "utf16" => SegmentKind::Utf16,
                "utf32" => SegmentKind::Utf32,
                "append" | "private_append" => SegmentKind::Append,
                "string" => {
                    let (Operand::U(offset), SegmentSize::Units(Operand::Int(bytes))) =
                        (value, &size)
                    else {
                        return Err(self.error(format!("bs_create_bin string {segment:?}")));
                    };
                    SegmentKind::String {
                        offset: *offset as u32,
                        bytes: *bytes as u32,
                    }
                }
                other => return Err(self.error(format!("bs_create_bin segment type {other}"))),
            };
            segments.push(Segment {
                kind,
                unit,
                flags: self.segment_flags(flags)?,
                value: value.clone(),
                size,
                fail: fail.clone(),
            });
        }
        Ok(Construction {
            fail,
            alloc: self.arg(instruction, 1)?,
            live: LiveRegisters {
                count: self.unsigned(instruction, 2)?,
                clear: Vec::new(),
            },
            destination: self.arg(instruction, 4)?,
            segments,
        })
    }

    /// A whole construction: a `bits_op` call per segment (the first one starting the
    /// binary), then one that finishes it into the destination.
    pub(super) fn lower_construction(
        &mut self,
        construction: &Construction,
    ) -> Result<(), CompileError> {
        let fail = self.fail_block(Some(&construction.fail))?;
        let alloc = self.heap_words(&construction.alloc)?;
        let live = construction.live.count;
        // `<<Acc/binary, V:8|16|32>>`: a fast path appends in place to a writable binary.
        let inline = if fail.is_none() && alloc == 0 && !self.options.gc_stress {
            self.inline_append_shape(&construction.segments)
        } else {
            None
        };
        if let Some((acc, int_segments)) = &inline {
            self.emit_inline_append(acc, int_segments)?;
            self.emit([W::LocalGet(T0), W::I64Eqz, W::If(BlockType::Empty)]);
        }
        if construction.segments.is_empty() {
            self.emit_bits_op(
                op::encode(op::CREATE_BEGIN, 0, 0),
                live,
                [Arg::Word(0), Arg::Word(0), Arg::Word(0)],
            )?;
        }
        for (index, segment) in construction.segments.iter().enumerate() {
            let flags = segment.flags | if index == 0 { op::FLAG_FIRST } else { 0 };
            let size_arg = match &segment.size {
                SegmentSize::Undefined => Arg::Word(term_enc::NIL as i64),
                SegmentSize::All => Arg::Word(term_enc::fixed_atom("all") as i64),
                SegmentSize::Units(Operand::U(n)) => small(*n as u32)?,
                SegmentSize::Units(other) => Arg::Term(other.clone()),
            };
            let value = Arg::Term(segment.value.clone());
            let (code, value_arg) = match segment.kind {
                SegmentKind::Integer => (op::PUT_INTEGER, value),
                SegmentKind::Float => (op::PUT_FLOAT, value),
                SegmentKind::Binary => (op::PUT_BINARY, value),
                SegmentKind::Utf8 => (op::PUT_UTF8, value),
                SegmentKind::Utf16 => (op::PUT_UTF16, value),
                SegmentKind::Utf32 => (op::PUT_UTF32, value),
                SegmentKind::Append => (op::PUT_APPEND, value),
                SegmentKind::String { offset, bytes } => {
                    (op::PUT_STRING, self.string_literal(offset, bytes)?)
                }
            };
            let size_arg = match segment.kind {
                SegmentKind::String { bytes, .. } => small(bytes)?,
                _ => size_arg,
            };
            self.emit_bits_op(
                op::encode(code, flags, segment.unit),
                live,
                [value_arg, size_arg, Arg::Word(0)],
            )?;
            let segment_fail = self.fail_block(Some(&segment.fail))?;
            self.finish_bits(segment_fail)?;
        }
        // Registers that hold no term read again: emptied, so that a collection keeping
        // `live` registers sees no stale word.
        for &x in &construction.live.clear {
            self.emit([W::I64Const(term_enc::NIL as i64), W::LocalSet(T1)]);
            self.store(&Operand::X(x), T1)?;
        }
        self.emit_bits_op(
            op::encode(op::CREATE_FINISH, 0, 0),
            live,
            [Arg::Word(i64::from(alloc)), Arg::Word(0), Arg::Word(0)],
        )?;
        self.finish_bits(fail)?;
        if inline.is_some() {
            self.emit([W::End]);
        }
        self.store(&construction.destination, T0)
    }

    /// `(acc, segments)` when the segments are an append of a whole binary followed by
    /// integers of 1 to 8 whole bytes with literal sizes (any endianness and signedness:
    /// construction writes the value's low bits either way), at most [`MAX_INLINE_BYTES`]
    /// bytes in all. Values that are literals must be small integers; a register's value is
    /// checked at run time.
    fn inline_append_shape(&self, segments: &[Segment]) -> Option<(Operand, Vec<IntSegment>)> {
        let (first, rest) = segments.split_first()?;
        if first.kind != SegmentKind::Append
            || !matches!(first.unit, 1 | 8)
            || first.flags != 0
            || first.size != SegmentSize::All
        {
            return None;
        }
        let mut out = Vec::new();
        let mut total = 0;
        for segment in rest {
            if segment.kind != SegmentKind::Integer || segment.fail != first.fail {
                return None;
            }
            let SegmentSize::Units(size) = &segment.size else {
                return None;
            };
            let bits = literal_size(size)?.checked_mul(u64::from(segment.unit))?;
            if !(8..=64).contains(&bits) || bits % 8 != 0 {
                return None;
            }
            let value = match &segment.value {
                Operand::Int(v) if term_enc::fits_small(*v) => Operand::Int(*v),
                value @ (Operand::X(_) | Operand::Y(_) | Operand::TypedReg { .. }) => value.clone(),
                _ => return None,
            };
            let bytes = bits as u32 / 8;
            total += bytes;
            out.push(IntSegment {
                value,
                bytes,
                little: segment.flags & (op::FLAG_LITTLE | op::FLAG_NATIVE) != 0,
            });
        }
        (!out.is_empty() && total <= MAX_INLINE_BYTES).then(|| (first.value.clone(), out))
    }

    /// The in-place append fast path (`bits_op`'s finish does the same in general): the
    /// new sub binary in `T0`, or `0` in `T0` when the general path must run (a value that
    /// is not a small integer, a base that is not the latest binary of a writable block, no
    /// room in the block or on the heap).
    fn emit_inline_append(
        &mut self,
        acc: &Operand,
        segments: &[IntSegment],
    ) -> Result<(), CompileError> {
        use crate::abi::ctx;
        use crate::abi::layout::binary_block;
        let sub = term_enc::header(sub_binary::WORDS, term_enc::boxed::SUB_BINARY);
        let refc = term_enc::header(refc_binary::WORDS, term_enc::boxed::REFC_BINARY);
        let untag_boxed = term_enc::wasm::untag(term_enc::PRIMARY_BOXED);
        let total: u32 = segments.iter().map(|s| s.bytes).sum();
        self.emit([W::Block(BlockType::Result(ValType::I64)), W::I64Const(0)]);
        // Every value is a small integer.
        for segment in segments {
            if matches!(segment.value, Operand::Int(_)) {
                continue;
            }
            self.load_to(&segment.value, T1)?;
            self.emit(term_enc::wasm::is_not_small(T1));
            self.emit([W::BrIf(0)]);
        }
        // The accumulator is a sub binary (at A0) at offset 0 ...
        self.load_to(acc, T0)?;
        self.emit(term_enc::wasm::is_not_boxed(T0));
        self.emit([W::BrIf(0), W::LocalGet(T0)]);
        self.emit(untag_boxed.clone());
        self.emit([
            W::LocalTee(A0),
            load_word(0),
            constant(sub),
            W::I64Ne,
            W::BrIf(0),
            W::LocalGet(A0),
            load_word(sub_binary::OFFSET),
            W::I64Const(0),
            W::I64Ne,
            W::BrIf(0),
            // ... of a refc binary (at A1) ...
            W::LocalGet(A0),
            load_word(sub_binary::ORIGINAL),
        ]);
        self.emit(untag_boxed.clone());
        self.emit([
            W::LocalTee(A1),
            load_word(0),
            constant(refc),
            W::I64Ne,
            W::BrIf(0),
            // ... covering all of it (bytes times 8) ...
            W::LocalGet(A0),
            load_word(sub_binary::SIZE),
            W::LocalGet(A1),
            load_word(refc_binary::SIZE),
            W::I64Const(3),
            W::I64Shl,
            W::I64Ne,
            W::BrIf(0),
            // ... in a writable block (data at A0) with room.
            W::LocalGet(A1),
            load_word(refc_binary::DATA),
            W::I32WrapI64,
            W::LocalTee(A0),
            W::I32Const(binary_block::HEADER as i32),
            W::I32Sub,
            W::I32Load(mem(binary_block::WRITABLE)),
            W::I32Eqz,
            W::BrIf(0),
            // The new size (in T2) fits the block, and a binary.
            W::LocalGet(A1),
            load_word(refc_binary::SIZE),
            W::I64Const(i64::from(total)),
            W::I64Add,
            W::LocalTee(T2),
            W::LocalGet(A0),
            W::I32Const(binary_block::HEADER as i32),
            W::I32Sub,
            W::I32Load(mem(binary_block::CAPACITY)),
            W::I64ExtendI32U,
            W::I64GtU,
            W::BrIf(0),
            W::LocalGet(T2),
            W::I64Const(i64::from(binary_block::MAX_BYTES)),
            W::I64GtU,
            W::BrIf(0),
        ]);
        // Heap room for the new sub binary.
        self.emit(heap_room_below(sub_binary::BYTES));
        self.emit([
            W::BrIf(0),
            // Write the bytes after the binary's end (they fit the block).
            W::LocalGet(A0),
            W::LocalGet(A1),
            load_word(refc_binary::SIZE),
            W::I32WrapI64,
            W::I32Add,
            W::LocalSet(A0),
        ]);
        let mut at = 0;
        for segment in segments {
            // The value (`i64`) in T1: its low bits are the segment's.
            match segment.value {
                Operand::Int(v) => self.emit([W::I64Const(v), W::LocalSet(T1)]),
                _ => {
                    self.load(&segment.value)?;
                    self.emit(term_enc::wasm::small_value());
                    self.emit([W::LocalSet(T1)]);
                }
            }
            self.emit_store_bytes(at, segment.bytes, segment.little);
            at += segment.bytes;
        }
        self.emit([
            // The refc binary grows; the new sub binary covers it.
            W::LocalGet(A1),
            W::LocalGet(T2),
            store_word(refc_binary::SIZE),
            W::LocalGet(CTX),
            W::I32Load(mem(ctx::HEAP_TOP)),
            W::LocalTee(A0),
            constant(sub),
            store_word(0),
            W::LocalGet(A0),
            W::LocalGet(A1),
        ]);
        self.emit(term_enc::wasm::tag(term_enc::PRIMARY_BOXED));
        self.emit([
            store_word(sub_binary::ORIGINAL),
            W::LocalGet(A0),
            W::I64Const(0),
            store_word(sub_binary::OFFSET),
            W::LocalGet(A0),
            W::LocalGet(T2),
            W::I64Const(3),
            W::I64Shl,
            store_word(sub_binary::SIZE),
            W::LocalGet(CTX),
            W::LocalGet(A0),
            W::I32Const(sub_binary::BYTES as i32),
            W::I32Add,
            W::I32Store(mem(ctx::HEAP_TOP)),
            W::Drop,
            W::LocalGet(A0),
        ]);
        self.emit(term_enc::wasm::tag(term_enc::PRIMARY_BOXED));
        self.emit([W::End, W::LocalSet(T0)]);
        Ok(())
    }

    /// Stores the low `bytes` bytes of the `i64` in `T1` at `at` from the address in `A0`,
    /// little- or big-endian (wasm's stores are little-endian and may be unaligned).
    fn emit_store_bytes(&mut self, at: u32, bytes: u32, little: bool) {
        let store = |offset: u32, width: u32| -> W<'static> {
            let m = mem8(offset);
            match width {
                1 => W::I64Store8(m),
                2 => W::I64Store16(m),
                4 => W::I64Store32(m),
                _ => W::I64Store(m),
            }
        };
        for (offset, width, shift) in byte_parts(bytes, little) {
            self.emit([W::LocalGet(A0), W::LocalGet(T1)]);
            if shift > 0 {
                self.emit([W::I64Const(i64::from(shift)), W::I64ShrU]);
            }
            self.emit([store(at + offset, width)]);
        }
    }

    /// OTP 26's `bs_match Fail Ctx {commands, [...]}`: a sequence of match commands on one
    /// match state, each a `bits_op` call.
    fn lower_bs_match(&mut self, instruction: &Instruction) -> Result<(), CompileError> {
        let fail = self.required_fail(&self.arg(instruction, 0)?)?;
        let ms = self.arg(instruction, 1)?;
        let items = self.list(instruction, 2)?;
        let mut i = 0;
        let atom = |this: &Self, o: &Operand| -> Result<String, CompileError> {
            match o {
                Operand::Atom(a) => this
                    .module
                    .atom(*a)
                    .map(str::to_string)
                    .map_err(|e| this.error(e.to_string())),
                other => Err(this.error(format!("bs_match command {other:?}"))),
            }
        };
        let number = |this: &Self, o: &Operand| -> Result<u32, CompileError> {
            match o {
                Operand::U(v) if *v <= u32::MAX as u64 => Ok(*v as u32),
                Operand::Int(v) if (0..=u32::MAX as i64).contains(v) => Ok(*v as u32),
                other => Err(this.error(format!("bs_match operand {other:?}"))),
            }
        };
        let get = |this: &Self, j: usize| -> Result<Operand, CompileError> {
            items
                .get(j)
                .cloned()
                .ok_or_else(|| this.error("bs_match command list ends early"))
        };
        while i < items.len() {
            let command = atom(self, &get(self, i)?)?;
            match command.as_str() {
                "ensure_at_least" => {
                    // ensure_at_least Size Unit: at least Size bits left, and the rest a
                    // multiple of Unit; inline (`left` in T2).
                    let bits = number(self, &get(self, i + 1)?)?;
                    let unit = number(self, &get(self, i + 2)?)?.max(1);
                    self.emit_left_bits(&ms)?;
                    self.emit([W::LocalTee(T2), W::I64Const(i64::from(bits)), W::I64LtU]);
                    if unit > 1 {
                        self.emit([W::LocalGet(T2), W::I64Const(i64::from(bits)), W::I64Sub]);
                        if unit.is_power_of_two() {
                            self.emit([W::I64Const(i64::from(unit) - 1), W::I64And]);
                        } else {
                            self.emit([W::I64Const(i64::from(unit)), W::I64RemU]);
                        }
                        self.emit([W::I64Const(0), W::I64Ne, W::I32Or]);
                    }
                    self.branch_to_fail_if(fail);
                    i += 3;
                }
                "ensure_exactly" => {
                    // ensure_exactly Size: exactly Size bits left; inline.
                    let bits = number(self, &get(self, i + 1)?)?;
                    self.emit_left_bits(&ms)?;
                    self.emit([W::I64Const(i64::from(bits)), W::I64Ne]);
                    self.branch_to_fail_if(fail);
                    i += 2;
                }
                "integer" | "binary" => {
                    // integer Live Flags Size Unit Dst
                    let live = number(self, &get(self, i + 1)?)?;
                    let flags = self.field_flags(&get(self, i + 2)?)?;
                    let size = get(self, i + 3)?;
                    let unit = number(self, &get(self, i + 4)?)?;
                    let kind = if command == "integer" {
                        op::GET_INTEGER
                    } else {
                        op::GET_BINARY
                    };
                    let bits = literal_size(&size).and_then(|n| n.checked_mul(u64::from(unit)));
                    let inline = match (kind, bits) {
                        (op::GET_INTEGER, _) => match inline_integer_bits(bits) {
                            Some(n) => {
                                self.emit_inline_get_integer(&ms, n, flags)?;
                                true
                            }
                            None => false,
                        },
                        (op::GET_BINARY, Some(n)) if n <= u64::from(u32::MAX) => {
                            self.emit_inline_get_binary(&ms, Some(n as u32))?;
                            true
                        }
                        _ => false,
                    };
                    if inline {
                        self.emit([W::LocalGet(T0), W::I64Eqz, W::If(BlockType::Empty)]);
                    }
                    let size = match size {
                        Operand::U(n) => small(n as u32)?,
                        other => Arg::Term(other),
                    };
                    self.emit_bits_op(
                        op::encode(kind, flags, unit),
                        live,
                        [Arg::Term(ms.clone()), size, Arg::Word(0)],
                    )?;
                    if inline {
                        self.emit([W::End]);
                    }
                    self.emit_fail_if_zero(fail);
                    self.store(&get(self, i + 5)?, T0)?;
                    i += 6;
                }
                "skip" => {
                    // skip Bits: inline.
                    let bits = number(self, &get(self, i + 1)?)?;
                    self.emit_skip(&ms, u64::from(bits), fail)?;
                    i += 2;
                }
                "get_tail" => {
                    // get_tail Live Unit Dst
                    let live = number(self, &get(self, i + 1)?)?;
                    self.emit_get_tail(&ms, live)?;
                    self.store(&get(self, i + 3)?, T0)?;
                    i += 4;
                }
                "=:=" => {
                    // =:= Live Size Value: the next Size bits equal the integer Value.
                    let bits = number(self, &get(self, i + 2)?)?;
                    let value = get(self, i + 3)?;
                    let inline = inline_integer_bits(Some(u64::from(bits)));
                    if let Some(n) = inline {
                        self.emit_inline_get_integer(&ms, n, 0)?;
                        self.emit([W::LocalGet(T0), W::I64Eqz, W::If(BlockType::Empty)]);
                    }
                    self.emit_bits_op(
                        op::encode(op::GET_INTEGER, 0, 1),
                        0,
                        [Arg::Term(ms.clone()), small(bits)?, Arg::Word(0)],
                    )?;
                    if inline.is_some() {
                        self.emit([W::End]);
                    }
                    self.emit_fail_if_zero(fail);
                    self.emit([W::LocalGet(T0)]);
                    self.load(&value)?;
                    self.emit([W::I64Ne]);
                    self.branch_to_fail_if(fail);
                    i += 4;
                }
                other => return Err(self.error(format!("bs_match command {other}"))),
            }
        }
        Ok(())
    }

    /// Skips `bits` bits of the match state `ms` inline: `pos + bits > end` goes to `fail`,
    /// else `pos += bits`.
    fn emit_skip(&mut self, ms: &Operand, bits: u64, fail: BlockId) -> Result<(), CompileError> {
        self.load_to(ms, T1)?;
        self.emit(pointer(T1));
        self.emit([
            W::I64Load(match_state_word(match_state::POSITION)),
            W::I64Const(bits as i64),
            W::I64Add,
            W::LocalTee(T2),
        ]);
        self.emit(pointer(T1));
        self.emit([W::I64Load(match_state_word(match_state::END)), W::I64GtU]);
        self.branch_to_fail_if(fail);
        self.emit(pointer(T1));
        self.emit([
            W::LocalGet(T2),
            W::I64Store(match_state_word(match_state::POSITION)),
        ]);
        Ok(())
    }

    /// The rest of the match state `ms` as a sub binary, in `T0` (inline when the heap has
    /// room, else through `bits_op`).
    fn emit_get_tail(&mut self, ms: &Operand, live: u32) -> Result<(), CompileError> {
        self.emit_inline_get_binary(ms, None)?;
        self.emit([W::LocalGet(T0), W::I64Eqz, W::If(BlockType::Empty)]);
        self.emit_bits_op(
            op::encode(op::GET_TAIL, 0, 0),
            live,
            [Arg::Term(ms.clone()), Arg::Word(0), Arg::Word(0)],
        )?;
        self.finish_bits(None)?;
        self.emit([W::End]);
        Ok(())
    }

    /// Pushes `end - position` (an `i64`) of the match state `ms` (leaves it in `T1`).
    fn emit_left_bits(&mut self, ms: &Operand) -> Result<(), CompileError> {
        self.load_to(ms, T1)?;
        self.emit(pointer(T1));
        self.emit([W::I64Load(match_state_word(match_state::END))]);
        self.emit(pointer(T1));
        self.emit([
            W::I64Load(match_state_word(match_state::POSITION)),
            W::I64Sub,
        ]);
        Ok(())
    }

    /// The fast path of an integer of whole bytes (8 to 64 bits, either endianness, signed
    /// or not) at a byte-aligned position: the small integer in `T0` (the position
    /// advanced), or `0` in `T0` to ask `bits_op` (unaligned, too few bits left, or a 64-bit
    /// value outside the small range: it decides). The match state is left in `T1`.
    fn emit_inline_get_integer(
        &mut self,
        ms: &Operand,
        bits: u32,
        flags: u32,
    ) -> Result<(), CompileError> {
        let bytes = bits / 8;
        let little = flags & (op::FLAG_LITTLE | op::FLAG_NATIVE) != 0;
        let signed = flags & op::FLAG_SIGNED != 0;
        self.load_to(ms, T1)?;
        self.emit([W::I64Const(0), W::LocalSet(T0), W::Block(BlockType::Empty)]);
        // A byte-aligned position (in T2) with the bits before the end.
        self.emit(pointer(T1));
        self.emit([
            W::I64Load(match_state_word(match_state::POSITION)),
            W::LocalTee(T2),
            W::I32WrapI64,
            W::I32Const(7),
            W::I32And,
            W::BrIf(0),
            W::LocalGet(T2),
            W::I64Const(i64::from(bits)),
            W::I64Add,
        ]);
        self.emit(pointer(T1));
        self.emit([
            W::I64Load(match_state_word(match_state::END)),
            W::I64GtU,
            W::BrIf(0),
        ]);
        // The first byte's address (the position is inside the binary, so fits 32 bits).
        self.emit_match_data();
        self.emit([
            W::LocalGet(T2),
            W::I64Const(3),
            W::I64ShrU,
            W::I32WrapI64,
            W::I32Add,
            W::LocalSet(A0),
        ]);
        self.emit_load_bytes(bytes, little);
        if signed && bits < 64 {
            let shift = i64::from(64 - bits);
            self.emit([
                W::I64Const(shift),
                W::I64Shl,
                W::I64Const(shift),
                W::I64ShrS,
            ]);
        }
        self.emit([W::LocalSet(T3)]);
        if bits == 64 {
            // Only 64 bits can leave the 60-bit small range: a bignum is the host's.
            if signed {
                self.emit([
                    W::LocalGet(T3),
                    W::I64Const(-term_enc::SMALL_MIN),
                    W::I64Add,
                    W::I64Const(term_enc::SMALL_MAX - term_enc::SMALL_MIN),
                    W::I64GtU,
                    W::BrIf(0),
                ]);
            } else {
                self.emit([
                    W::LocalGet(T3),
                    W::I64Const(term_enc::SMALL_MAX),
                    W::I64GtU,
                    W::BrIf(0),
                ]);
            }
        }
        self.emit([W::LocalGet(T3)]);
        self.emit(term_enc::wasm::make_small());
        self.emit([W::LocalSet(T0)]);
        self.emit(pointer(T1));
        self.emit([
            W::LocalGet(T2),
            W::I64Const(i64::from(bits)),
            W::I64Add,
            W::I64Store(match_state_word(match_state::POSITION)),
            W::End,
        ]);
        Ok(())
    }

    /// The fast path of `bs_start_match` on the term in `T0` (not a match state): a match
    /// state over a heap, refc or sub binary, written at the heap top when there is room, in
    /// `T0`; else `0` in `T0` (anything else, or no room: `bits_op` decides).
    fn emit_inline_start_match(&mut self) {
        use crate::abi::ctx;
        use term_enc::boxed;
        const _: () = assert!(heap_binary::SIZE == refc_binary::SIZE);
        const _: () = assert!(
            match_state::ORIGINAL == sub_binary::ORIGINAL
                && match_state::POSITION == sub_binary::OFFSET
                && match_state::END == sub_binary::SIZE
        );
        let header = term_enc::header(sub_binary::WORDS, boxed::MATCH_STATE);
        self.emit([
            W::LocalGet(T0),
            W::LocalSet(T1),
            W::I64Const(0),
            W::LocalSet(T0),
        ]);
        self.emit([W::Block(BlockType::Empty)]);
        self.emit(term_enc::wasm::is_not_boxed(T1));
        self.emit([W::BrIf(0)]);
        // Heap room for it (at A0).
        self.emit(heap_room_below(sub_binary::BYTES));
        self.emit([
            W::BrIf(0),
            W::LocalGet(CTX),
            W::I32Load(mem(ctx::HEAP_TOP)),
            W::LocalSet(A0),
            // The binary at A1, its tag in A2.
            W::LocalGet(T1),
        ]);
        self.emit(term_enc::wasm::untag(term_enc::PRIMARY_BOXED));
        self.emit([W::LocalTee(A1), load_word(0)]);
        self.emit(term_enc::wasm::header_tag());
        self.emit([
            W::LocalTee(A2),
            W::I32Const(boxed::SUB_BINARY as i32),
            W::I32Eq,
            W::If(BlockType::Empty),
            // A sub binary: its original, from its offset to its end.
            W::LocalGet(A0),
            W::LocalGet(A1),
            load_word(sub_binary::ORIGINAL),
            store_word(match_state::ORIGINAL),
            W::LocalGet(A0),
            W::LocalGet(A1),
            load_word(sub_binary::OFFSET),
            store_word(match_state::POSITION),
            W::LocalGet(A0),
            W::LocalGet(A1),
            load_word(sub_binary::OFFSET),
            W::LocalGet(A1),
            load_word(sub_binary::SIZE),
            W::I64Add,
            store_word(match_state::END),
            W::Else,
            // A heap or refc binary: all of it.
            W::LocalGet(A2),
            W::I32Const(boxed::HEAP_BINARY as i32),
            W::I32Ne,
            W::LocalGet(A2),
            W::I32Const(boxed::REFC_BINARY as i32),
            W::I32Ne,
            W::I32And,
            W::BrIf(1),
            W::LocalGet(A0),
            W::LocalGet(T1),
            store_word(match_state::ORIGINAL),
            W::LocalGet(A0),
            W::I64Const(0),
            store_word(match_state::POSITION),
            W::LocalGet(A0),
            W::LocalGet(A1),
            load_word(heap_binary::SIZE),
            W::I64Const(3),
            W::I64Shl,
            store_word(match_state::END),
            W::End,
            W::LocalGet(A0),
            constant(header),
            store_word(0),
            W::LocalGet(CTX),
            W::LocalGet(A0),
            W::I32Const(sub_binary::BYTES as i32),
            W::I32Add,
            W::I32Store(mem(ctx::HEAP_TOP)),
            W::LocalGet(A0),
        ]);
        self.emit(term_enc::wasm::tag(term_enc::PRIMARY_BOXED));
        self.emit([W::LocalSet(T0), W::End]);
    }

    /// Pushes the address (`i32`) of the first byte of the binary the match state in `T1`
    /// reads: inline after a heap binary's size word, or a refc binary's data pointer (the
    /// same word of both, so the load is harmless for a heap binary). Uses `A0`.
    fn emit_match_data(&mut self) {
        const _: () = assert!(heap_binary::DATA == refc_binary::DATA);
        self.emit(pointer(T1));
        self.emit([W::I64Load(match_state_word(match_state::ORIGINAL))]);
        self.emit(term_enc::wasm::untag(term_enc::PRIMARY_BOXED));
        self.emit([
            W::LocalTee(A0),
            W::I32Const(heap_binary::DATA as i32),
            W::I32Add,
            W::LocalGet(A0),
            load_word(refc_binary::DATA),
            W::I32WrapI64,
            W::LocalGet(A0),
            load_word(0),
        ]);
        self.emit(term_enc::wasm::header_tag());
        self.emit([
            W::I32Const(term_enc::boxed::HEAP_BINARY as i32),
            W::I32Eq,
            W::Select,
        ]);
    }

    /// Pushes the unsigned integer (`i64`) of the `bytes` bytes at the address in `A0`,
    /// little- or big-endian.
    fn emit_load_bytes(&mut self, bytes: u32, little: bool) {
        let load = |offset: u32, width: u32| -> W<'static> {
            let m = mem8(offset);
            match width {
                1 => W::I64Load8U(m),
                2 => W::I64Load16U(m),
                4 => W::I64Load32U(m),
                _ => W::I64Load(m),
            }
        };
        for (i, (offset, width, shift)) in byte_parts(bytes, little).into_iter().enumerate() {
            self.emit([W::LocalGet(A0), load(offset, width)]);
            if shift > 0 {
                self.emit([W::I64Const(i64::from(shift)), W::I64Shl]);
            }
            if i > 0 {
                self.emit([W::I64Or]);
            }
        }
    }

    /// The fast path of a sub binary of `bits` bits (a literal count; `None`: the rest) at
    /// the position of the match state `ms`, when they are there and the heap has room for
    /// it: the sub binary in `T0` (the position advanced past it, unless it is the rest), or
    /// `0` in `T0` to ask `bits_op`. Never in GC-stress mode (which collects at every
    /// allocation), where it leaves `0`.
    fn emit_inline_get_binary(
        &mut self,
        ms: &Operand,
        bits: Option<u32>,
    ) -> Result<(), CompileError> {
        use crate::abi::ctx;
        self.emit([W::I64Const(0), W::LocalSet(T0)]);
        if self.options.gc_stress {
            return Ok(());
        }
        self.load_to(ms, T1)?;
        self.emit([W::Block(BlockType::Empty)]);
        // The position (in T2) and the size (in T3).
        self.emit(pointer(T1));
        self.emit([
            W::I64Load(match_state_word(match_state::POSITION)),
            W::LocalSet(T2),
        ]);
        match bits {
            Some(n) => {
                self.emit([
                    W::I64Const(i64::from(n)),
                    W::LocalSet(T3),
                    W::LocalGet(T2),
                    W::I64Const(i64::from(n)),
                    W::I64Add,
                ]);
                self.emit(pointer(T1));
                self.emit([
                    W::I64Load(match_state_word(match_state::END)),
                    W::I64GtU,
                    W::BrIf(0),
                ]);
            }
            None => {
                self.emit(pointer(T1));
                self.emit([
                    W::I64Load(match_state_word(match_state::END)),
                    W::LocalGet(T2),
                    W::I64Sub,
                    W::LocalSet(T3),
                ]);
            }
        }
        let sub = term_enc::header(sub_binary::WORDS, term_enc::boxed::SUB_BINARY);
        // Heap room for it.
        self.emit(heap_room_below(sub_binary::BYTES));
        self.emit([
            W::BrIf(0),
            W::LocalGet(CTX),
            W::I32Load(mem(ctx::HEAP_TOP)),
            W::LocalTee(A0),
            constant(sub),
            store_word(0),
            W::LocalGet(A0),
        ]);
        self.emit(pointer(T1));
        self.emit([
            W::I64Load(match_state_word(match_state::ORIGINAL)),
            store_word(sub_binary::ORIGINAL),
            W::LocalGet(A0),
            W::LocalGet(T2),
            store_word(sub_binary::OFFSET),
            W::LocalGet(A0),
            W::LocalGet(T3),
            store_word(sub_binary::SIZE),
            W::LocalGet(CTX),
            W::LocalGet(A0),
            W::I32Const(sub_binary::BYTES as i32),
            W::I32Add,
            W::I32Store(mem(ctx::HEAP_TOP)),
            W::LocalGet(A0),
        ]);
        self.emit(term_enc::wasm::tag(term_enc::PRIMARY_BOXED));
        self.emit([W::LocalSet(T0)]);
        if bits.is_some() {
            self.emit(pointer(T1));
            self.emit([
                W::LocalGet(T2),
                W::LocalGet(T3),
                W::I64Add,
                W::I64Store(match_state_word(match_state::POSITION)),
            ]);
        }
        self.emit([W::End]);
        Ok(())
    }

    /// The `field_flags` operand of a match instruction.
    fn field_flags(&self, operand: &Operand) -> Result<u32, CompileError> {
        match operand {
            Operand::U(f) => Ok(*f as u32 & 0x7F),
            Operand::Int(f) if *f >= 0 => Ok(*f as u32 & 0x7F),
            Operand::Literal(_) | Operand::Nil => self.segment_flags(operand),
            other => Err(self.error(format!("field flags {other:?}"))),
        }
    }

    /// A segment's flags in `bs_create_bin`: `nil` or a literal list of atoms.
    fn segment_flags(&self, operand: &Operand) -> Result<u32, CompileError> {
        let list = match operand {
            Operand::Nil => return Ok(0),
            Operand::Literal(index) => self.module.literals.get(*index as usize),
            _ => None,
        };
        let names: Vec<&str> = match list {
            Some(Term::List(items, _)) => items
                .iter()
                .filter_map(|t| match t {
                    Term::Atom(a) => Some(a.as_str()),
                    _ => None,
                })
                .collect(),
            Some(Term::Nil) => Vec::new(),
            _ => return Err(self.error(format!("segment flags {operand:?}"))),
        };
        let mut flags = 0;
        for name in names {
            flags |= match name {
                "little" => op::FLAG_LITTLE,
                "native" => op::FLAG_NATIVE,
                "signed" => op::FLAG_SIGNED,
                _ => 0,
            };
        }
        Ok(flags)
    }

    fn string_literal(&self, offset: u32, bytes: u32) -> Result<Arg, CompileError> {
        let index = self
            .strings
            .get(&(offset, bytes))
            .ok_or_else(|| self.error(format!("string at StrT {offset} of {bytes} bytes")))?;
        Ok(Arg::Term(Operand::Literal(*index)))
    }

    /// `bits_op(ctx, code, live, a, b, c)`, the result in `T0`.
    fn emit_bits_op(&mut self, code: i32, live: u32, args: [Arg; 3]) -> Result<(), CompileError> {
        self.emit([
            W::LocalGet(CTX),
            W::I32Const(code),
            W::I32Const(live as i32),
        ]);
        for a in args {
            match a {
                Arg::Word(w) => self.emit([W::I64Const(w)]),
                Arg::Term(operand) => self.load(&operand)?,
            }
        }
        self.call_primitive(Primitive::BitsOp);
        self.emit([W::LocalSet(T0)]);
        Ok(())
    }

    /// After a match operation: `T0 == 0` is no match.
    fn emit_fail_if_zero(&mut self, fail: BlockId) {
        self.emit([W::LocalGet(T0), W::I64Eqz]);
        self.branch_to_fail_if(fail);
    }

    /// After an operation that raises: `T0 == 0` goes to `fail`, or raises.
    fn finish_bits(&mut self, fail: Option<BlockId>) -> Result<(), CompileError> {
        self.emit_fail_on_non_value(Primitive::BitsOp, fail);
        Ok(())
    }
}

fn small(v: u32) -> Result<Arg, CompileError> {
    if !term_enc::fits_small(i64::from(v)) {
        return Err(CompileError::Malformed {
            module: String::new(),
            what: format!("bit-syntax constant {v} out of range"),
        });
    }
    Ok(Arg::Word(term_enc::small(i64::from(v)) as i64))
}

/// How an integer of `bytes` bytes is moved between an `i64` and memory: `(offset, width,
/// shift)` of each access, the byte offset, the access width in bytes and the bit position of
/// its low byte in the integer. Little-endian: the widest accesses that fit, from the low
/// end (wasm's loads and stores are little-endian and may be unaligned); big-endian: one byte
/// each, the most significant first.
fn byte_parts(bytes: u32, little: bool) -> Vec<(u32, u32, u32)> {
    if !little {
        return (0..bytes).map(|i| (i, 1, 8 * (bytes - 1 - i))).collect();
    }
    let mut parts = Vec::new();
    let mut done = 0;
    while done < bytes {
        let width = [8, 4, 2, 1]
            .into_iter()
            .find(|w| done + w <= bytes)
            .unwrap_or(1);
        parts.push((done, width, 8 * done));
        done += width;
    }
    parts
}
