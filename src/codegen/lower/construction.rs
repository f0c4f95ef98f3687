//! Binary construction as one shape, whichever compiler wrote it: OTP 25's `bs_create_bin`,
//! and the sequences OTP 21–24 compilers (and Elixir's, and rebar3's on those OTPs) emit — a
//! `bs_init2`, `bs_init_bits`, `bs_append` or `bs_private_append` followed by `bs_put_*`
//! instructions that write into the binary it began. Lowering reads such a sequence as one
//! [`Construction`] (as OTP 26's loader reads it as one `bs_create_bin`), so both spellings
//! share one code path, fast paths included.
//!
//! The old sequences' own size arithmetic (`bs_add`, `bs_utf8_size`, ...) still runs before
//! them and checks what it checks; the construction recomputes the size from its segments.

use std::collections::BTreeSet;

use crate::abi::bits_op as op;
use crate::beam::{BeamModule, Instruction, Opcode, Operand, Register};

/// What a segment writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum SegmentKind {
    Integer,
    Float,
    Binary,
    Utf8,
    Utf16,
    Utf32,
    /// The binary being appended to (the first segment): `append` and `private_append`.
    Append,
    /// `bytes` bytes of the StrT chunk at `offset`.
    String {
        offset: u32,
        bytes: u32,
    },
}

/// A segment's size.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum SegmentSize {
    /// The kind has none (`undefined` in `bs_create_bin`): utf8/16/32, strings.
    Undefined,
    /// The whole binary (`all`).
    All,
    /// A number of units, literal or in a register.
    Units(Operand),
}

/// One segment: its kind, unit, field flags (`abi::bits_op::FLAG_*`), value and size.
#[derive(Clone, Debug)]
pub(super) struct Segment {
    pub kind: SegmentKind,
    pub unit: u32,
    pub flags: u32,
    pub value: Operand,
    pub size: SegmentSize,
    /// Where a bad value goes: the construction's own label, or an old `bs_put_*`'s.
    pub fail: Operand,
}

/// The x registers a construction that has no live-register count of its own (the old
/// `bs_private_append`) keeps across the collection its result may need: `count` registers
/// from x0, of which `clear` hold no term that is read again and are set to `[]` first.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(super) struct LiveRegisters {
    pub count: u32,
    pub clear: Vec<u32>,
}

impl LiveRegisters {
    /// Exactly the registers of `live` (x numbers): those below the highest that are not in
    /// it are cleared.
    fn exactly(live: &BTreeSet<u32>) -> LiveRegisters {
        let count = live.last().map_or(0, |top| top + 1);
        LiveRegisters {
            count,
            clear: (0..count).filter(|x| !live.contains(x)).collect(),
        }
    }

    fn first(count: u32) -> LiveRegisters {
        LiveRegisters {
            count,
            clear: Vec::new(),
        }
    }
}

/// A whole binary construction.
#[derive(Clone, Debug)]
pub(super) struct Construction {
    /// The fail label (`Label(0)`: raise).
    pub fail: Operand,
    /// Heap words to leave free after the result.
    pub alloc: Operand,
    pub live: LiveRegisters,
    pub destination: Operand,
    pub segments: Vec<Segment>,
}

/// An item of a function's code as lowering takes it: an instruction, or an old-style
/// construction made of `instructions.len()` instructions.
pub(super) enum Item<'a> {
    Instruction(&'a Instruction),
    Construction {
        construction: Construction,
        instructions: &'a [Instruction],
    },
}

/// Whether `opcode` writes into the binary an old-style construction began.
pub(super) fn is_put(opcode: Opcode) -> bool {
    matches!(
        opcode,
        Opcode::BsPutInteger
            | Opcode::BsPutBinary
            | Opcode::BsPutFloat
            | Opcode::BsPutString
            | Opcode::BsPutUtf8
            | Opcode::BsPutUtf16
            | Opcode::BsPutUtf32
    )
}

fn begins_construction(opcode: Opcode) -> bool {
    matches!(
        opcode,
        Opcode::BsInit2 | Opcode::BsInitBits | Opcode::BsAppend | Opcode::BsPrivateAppend
    )
}

/// A function's instructions as items: every old-style construction sequence folded into
/// one. An `Err` names what cannot be read (a `bs_put_*` with no construction to write to, a
/// `bs_private_append` whose live registers cannot be found).
pub(super) fn fold_constructions<'a>(
    module: &BeamModule,
    instructions: &'a [Instruction],
) -> Result<Vec<Item<'a>>, String> {
    let mut items = Vec::with_capacity(instructions.len());
    let mut i = 0;
    while i < instructions.len() {
        let instruction = &instructions[i];
        if is_put(instruction.opcode) {
            return Err(format!(
                "{} outside a binary construction",
                instruction.opcode.name()
            ));
        }
        if !begins_construction(instruction.opcode) {
            items.push(Item::Instruction(instruction));
            i += 1;
            continue;
        }
        let end = i
            + 1
            + instructions[i + 1..]
                .iter()
                .take_while(|next| is_put(next.opcode))
                .count();
        let construction = old_construction(module, instructions, i, end)?;
        items.push(Item::Construction {
            construction,
            instructions: &instructions[i..end],
        });
        i = end;
    }
    Ok(items)
}

fn arg(instruction: &Instruction, i: usize) -> Result<Operand, String> {
    instruction
        .args
        .get(i)
        .cloned()
        .ok_or_else(|| format!("{} is missing operand {i}", instruction.opcode.name()))
}

fn number(instruction: &Instruction, i: usize) -> Result<u32, String> {
    match arg(instruction, i)? {
        Operand::U(v) if v <= u64::from(u32::MAX) => Ok(v as u32),
        Operand::Int(v) if (0..=i64::from(u32::MAX)).contains(&v) => Ok(v as u32),
        other => Err(format!(
            "{} operand {i}: expected a number, found {other:?}",
            instruction.opcode.name()
        )),
    }
}

/// Old field flags (`BSF_*`, a number) as the construction's flags.
fn old_flags(instruction: &Instruction, i: usize) -> Result<u32, String> {
    let flags = number(instruction, i)?;
    Ok(flags & (op::FLAG_LITTLE | op::FLAG_SIGNED | op::FLAG_NATIVE))
}

/// The construction that `instructions[start..end]` (a beginning and its `bs_put_*`s) spell.
fn old_construction(
    module: &BeamModule,
    instructions: &[Instruction],
    start: usize,
    end: usize,
) -> Result<Construction, String> {
    let first = &instructions[start];
    let mut segments = Vec::new();
    let (fail, alloc, live, destination) = match first.opcode {
        // bs_init2/bs_init_bits Fail Size Words Live Flags Dst
        Opcode::BsInit2 | Opcode::BsInitBits => (
            arg(first, 0)?,
            arg(first, 2)?,
            LiveRegisters::first(number(first, 3)?),
            arg(first, 5)?,
        ),
        // bs_append Fail Size Extra Live Unit Bin Flags Dst
        Opcode::BsAppend => {
            segments.push(Segment {
                kind: SegmentKind::Append,
                unit: number(first, 4)?,
                flags: old_flags(first, 6)?,
                value: arg(first, 5)?,
                size: SegmentSize::All,
                fail: arg(first, 0)?,
            });
            (
                arg(first, 0)?,
                arg(first, 2)?,
                LiveRegisters::first(number(first, 3)?),
                arg(first, 7)?,
            )
        }
        // bs_private_append Fail Size Unit Bin Flags Dst: no live count (it never collects on
        // BEAM, which grows the binary in place); found from the code around it.
        Opcode::BsPrivateAppend => {
            segments.push(Segment {
                kind: SegmentKind::Append,
                unit: number(first, 2)?,
                flags: old_flags(first, 4)?,
                value: arg(first, 3)?,
                size: SegmentSize::All,
                fail: arg(first, 0)?,
            });
            let destination = arg(first, 5)?;
            let live = private_append_live(instructions, start, end, &destination).ok_or(
                "bs_private_append whose live x registers cannot be determined from the code \
                 around it",
            )?;
            (arg(first, 0)?, Operand::U(0), live, destination)
        }
        other => return Err(format!("{} does not begin a construction", other.name())),
    };
    for put in &instructions[start + 1..end] {
        segments.push(match put.opcode {
            // bs_put_string Bytes Offset
            Opcode::BsPutString => Segment {
                kind: SegmentKind::String {
                    offset: number(put, 1)?,
                    bytes: number(put, 0)?,
                },
                unit: 8,
                flags: 0,
                value: Operand::Nil,
                size: SegmentSize::Undefined,
                fail: Operand::Label(0),
            },
            // bs_put_utf8/16/32 Fail Flags Src
            Opcode::BsPutUtf8 | Opcode::BsPutUtf16 | Opcode::BsPutUtf32 => Segment {
                kind: match put.opcode {
                    Opcode::BsPutUtf8 => SegmentKind::Utf8,
                    Opcode::BsPutUtf16 => SegmentKind::Utf16,
                    _ => SegmentKind::Utf32,
                },
                unit: 1,
                flags: old_flags(put, 1)?,
                value: arg(put, 2)?,
                size: SegmentSize::Undefined,
                fail: arg(put, 0)?,
            },
            // bs_put_integer/binary/float Fail Size Unit Flags Src
            _ => Segment {
                kind: match put.opcode {
                    Opcode::BsPutInteger => SegmentKind::Integer,
                    Opcode::BsPutFloat => SegmentKind::Float,
                    _ => SegmentKind::Binary,
                },
                unit: number(put, 2)?,
                flags: old_flags(put, 3)?,
                value: arg(put, 4)?,
                size: match arg(put, 1)? {
                    Operand::Atom(a) if module.atom(a).ok() == Some("all") => SegmentSize::All,
                    units => SegmentSize::Units(units),
                },
                fail: arg(put, 0)?,
            },
        });
    }
    Ok(Construction {
        fail,
        alloc,
        live,
        destination,
        segments,
    })
}

// ---- live x registers around a `bs_private_append` ----

/// What an instruction does to the x registers, as far as finding the live ones needs.
enum Effect {
    /// Reads `reads`, then writes `writes`; control goes on to the next instruction.
    Straight { reads: Vec<u32>, writes: Vec<u32> },
    /// A point where exactly these registers are live (a call: its arguments; a heap test:
    /// its live count), after reading `reads`.
    Boundary {
        live: BTreeSet<u32>,
        reads: Vec<u32>,
    },
    /// Neither: control may leave, or the instruction is not modelled.
    Unknown,
}

fn x_of(operand: &Operand, out: &mut Vec<u32>) {
    match operand {
        Operand::X(n)
        | Operand::TypedReg {
            register: Register::X(n),
            ..
        } => out.push(*n),
        Operand::List(items) => items.iter().for_each(|o| x_of(o, out)),
        _ => {}
    }
}

fn xs(operands: &[Operand]) -> Vec<u32> {
    let mut out = Vec::new();
    operands.iter().for_each(|o| x_of(o, &mut out));
    out
}

fn first_registers(count: u64) -> BTreeSet<u32> {
    (0..count.min(1024) as u32).collect()
}

fn count(operand: Option<&Operand>) -> Option<u64> {
    match operand? {
        Operand::U(n) => Some(*n),
        Operand::Int(n) if *n >= 0 => Some(*n as u64),
        _ => None,
    }
}

fn no_fail(operand: Option<&Operand>) -> bool {
    matches!(operand, Some(Operand::Label(0)))
}

fn effect(instruction: &Instruction) -> Effect {
    let a = &instruction.args[..];
    let straight = |reads: &[Operand], writes: &[Operand]| Effect::Straight {
        reads: xs(reads),
        writes: xs(writes),
    };
    let boundary = |live: BTreeSet<u32>, reads: &[Operand]| Effect::Boundary {
        live,
        reads: xs(reads),
    };
    match (instruction.opcode, a.len()) {
        (Opcode::Line | Opcode::ExecutableLine | Opcode::DebugLine, _) => straight(&[], &[]),
        (Opcode::Init | Opcode::InitYregs | Opcode::Trim | Opcode::Deallocate, _) => {
            straight(&[], &[])
        }
        (Opcode::Move, 2) | (Opcode::GetHd, 2) | (Opcode::GetTl, 2) => straight(&a[..1], &a[1..]),
        (Opcode::GetList, 3) => straight(&a[..1], &a[1..]),
        (Opcode::GetTupleElement, 3) => straight(&a[..1], &a[2..]),
        (Opcode::PutList, 3) => straight(&a[..2], &a[2..]),
        (Opcode::PutTuple2, 2) => straight(&a[1..], &a[..1]),
        (Opcode::Swap, 2) => straight(a, a),
        (Opcode::Bif0, 2) => straight(&[], &a[1..]),
        (Opcode::Bif1, 4) if no_fail(a.first()) => straight(&a[2..3], &a[3..]),
        (Opcode::Bif2, 5) if no_fail(a.first()) => straight(&a[2..4], &a[4..]),
        // Heap tests and frame allocations: their last operand is the live count.
        (Opcode::TestHeap | Opcode::Allocate | Opcode::AllocateZero, 2)
        | (Opcode::AllocateHeap | Opcode::AllocateHeapZero, 3) => match count(a.last()) {
            Some(live) => boundary(first_registers(live), &[]),
            None => Effect::Unknown,
        },
        // gc_bif1/2/3 Fail Live Bif Args... Dst
        (Opcode::GcBif1 | Opcode::GcBif2 | Opcode::GcBif3, n) if n >= 4 && no_fail(a.first()) => {
            match count(a.get(1)) {
                Some(live) => boundary(first_registers(live), &a[3..n - 1]),
                None => Effect::Unknown,
            }
        }
        (Opcode::Call | Opcode::CallOnly | Opcode::CallExt | Opcode::CallExtOnly, _)
        | (Opcode::CallLast | Opcode::CallExtLast, _) => match count(a.first()) {
            Some(arity) => boundary(first_registers(arity), &[]),
            None => Effect::Unknown,
        },
        (Opcode::Apply | Opcode::ApplyLast, _) => match count(a.first()) {
            Some(arity) => boundary(first_registers(arity + 2), &[]),
            None => Effect::Unknown,
        },
        (Opcode::Return, _) => boundary(first_registers(1), &[]),
        _ => Effect::Unknown,
    }
}

/// The live x registers across the result of the `bs_private_append` construction at
/// `instructions[start..end]`, writing `destination`: from the straight-line code after it
/// up to the next point where the live registers are known, or else from the straight-line
/// code before it back to such a point. `None` when neither is straight.
fn private_append_live(
    instructions: &[Instruction],
    start: usize,
    end: usize,
    destination: &Operand,
) -> Option<LiveRegisters> {
    live_from_code_after(&instructions[end..], destination)
        .or_else(|| valid_from_code_before(&instructions[..start]))
}

/// Registers read after `code` starts (before any write), up to the first boundary; the
/// destination is written by the construction itself.
fn live_from_code_after(code: &[Instruction], destination: &Operand) -> Option<LiveRegisters> {
    let mut path = Vec::new();
    let mut live = None;
    for instruction in code {
        match effect(instruction) {
            Effect::Straight { reads, writes } => path.push((reads, writes)),
            Effect::Boundary { live: at, reads } => {
                live = Some(at.into_iter().chain(reads).collect::<BTreeSet<u32>>());
                break;
            }
            Effect::Unknown => return None,
        }
    }
    let mut live = live?;
    for (reads, writes) in path.into_iter().rev() {
        for w in writes {
            live.remove(&w);
        }
        live.extend(reads);
    }
    if let Some(Register::X(n)) = destination.register() {
        live.remove(&n);
    }
    Some(LiveRegisters::exactly(&live))
}

/// The registers holding terms after `code` ends: those live at its last boundary, and those
/// written since. Passing them all keeps some garbage one collection longer, never a stale
/// word.
fn valid_from_code_before(code: &[Instruction]) -> Option<LiveRegisters> {
    let mut written = BTreeSet::new();
    for instruction in code.iter().rev() {
        if instruction.opcode == Opcode::Label {
            return None;
        }
        match effect(instruction) {
            Effect::Straight { writes, .. } => written.extend(writes),
            Effect::Boundary { live, .. } => {
                // A call's result comes back in x0 alone.
                let valid = if is_call(instruction.opcode) {
                    first_registers(1)
                } else {
                    live
                };
                let mut valid: BTreeSet<u32> = valid.into_iter().chain(written).collect();
                if matches!(
                    instruction.opcode,
                    Opcode::GcBif1 | Opcode::GcBif2 | Opcode::GcBif3
                ) {
                    let mut dst = Vec::new();
                    if let Some(d) = instruction.args.last() {
                        x_of(d, &mut dst);
                    }
                    valid.extend(dst);
                }
                return Some(LiveRegisters::exactly(&valid));
            }
            Effect::Unknown => return None,
        }
    }
    None
}

fn is_call(opcode: Opcode) -> bool {
    matches!(
        opcode,
        Opcode::Call
            | Opcode::CallOnly
            | Opcode::CallLast
            | Opcode::CallExt
            | Opcode::CallExtOnly
            | Opcode::CallExtLast
            | Opcode::Apply
            | Opcode::ApplyLast
            | Opcode::Return
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ins(opcode: Opcode, args: Vec<Operand>) -> Instruction {
        Instruction {
            opcode,
            args: args.into_iter().collect(),
            offset: 0,
        }
    }

    #[test]
    fn live_after_a_comprehension_step_is_what_the_tail_call_reads() {
        // bs_private_append ... x4; move x4 x1; call_only 2
        let after = [
            ins(Opcode::Move, vec![Operand::X(4), Operand::X(1)]),
            ins(Opcode::CallOnly, vec![Operand::U(2), Operand::Label(10)]),
        ];
        let live = live_from_code_after(&after, &Operand::X(4)).unwrap();
        // x0 and x4 are read (x4 is written by the construction itself, then read: it is the
        // destination, so not live across it); x1..x3 are dead.
        assert_eq!(live, LiveRegisters::exactly(&[0].into_iter().collect()));
        let live = live_from_code_after(&after, &Operand::X(5)).unwrap();
        assert_eq!(live.count, 5);
        assert_eq!(live.clear, vec![1, 2, 3]);
    }

    #[test]
    fn live_before_comes_from_the_last_heap_test_and_later_writes() {
        let before = [
            ins(Opcode::TestHeap, vec![Operand::U(0), Operand::U(2)]),
            ins(Opcode::Move, vec![Operand::X(0), Operand::X(4)]),
        ];
        let live = valid_from_code_before(&before).unwrap();
        assert_eq!(live.count, 5);
        assert_eq!(live.clear, vec![2, 3]);
        let across_label = [
            ins(Opcode::Label, vec![Operand::U(3)]),
            ins(Opcode::Move, vec![Operand::X(0), Operand::X(4)]),
        ];
        assert_eq!(valid_from_code_before(&across_label), None);
    }

    #[test]
    fn a_branch_after_the_construction_is_not_straight() {
        let after = [ins(Opcode::IsNil, vec![Operand::Label(3), Operand::X(0)])];
        assert!(live_from_code_after(&after, &Operand::X(1)).is_none());
    }
}
