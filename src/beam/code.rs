//! The Code chunk: its header, the instruction stream, operand validation against the
//! module's tables, and the split into functions.

use smallvec::SmallVec;

use super::compact::{self, Operand};
use super::container::RawChunk;
use super::cursor::Result;
use super::error::{BeamError, Context, IndexKind, Location};
use super::opcodes::Opcode;

/// The fixed part of the Code chunk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CodeHeader {
    /// Size of the header fields after this one; at least 16, larger in future formats.
    pub sub_header_size: u32,
    /// Instruction set (format) number; 0 for all known releases.
    pub instruction_set: u32,
    /// Highest opcode the compiler used.
    pub max_opcode: u32,
    /// One more than the highest label number.
    pub label_count: u32,
    pub function_count: u32,
}

/// One decoded instruction.
#[derive(Debug, Clone, PartialEq)]
pub struct Instruction {
    pub opcode: Opcode,
    pub args: SmallVec<[Operand; 3]>,
    /// Byte offset of the opcode in the file.
    pub offset: usize,
}

/// A function: from the labels (and `line`) before its `func_info` up to the instruction
/// before the next function.
#[derive(Debug, Clone, PartialEq)]
pub struct Function {
    /// Atom-table index (1-based) of the name.
    pub name: u32,
    pub arity: u32,
    /// The label right after `func_info`, where calls enter.
    pub entry_label: u32,
    pub instructions: Vec<Instruction>,
}

/// Where a label is defined.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct LabelSite {
    /// Index into [`super::BeamModule::functions`].
    pub function: usize,
    /// Index of the `label` instruction in that function's `instructions`.
    pub instruction: usize,
}

/// Table sizes that operands are checked against.
pub(crate) struct Limits {
    pub atoms: usize,
    pub literals: usize,
    pub imports: usize,
    pub funs: usize,
    /// `None` when the Type table is absent or of an unknown version.
    pub types: Option<usize>,
    /// Number of Line items, `None` without a Line chunk.
    pub line_items: Option<usize>,
    pub strings: usize,
}

/// The decoded Code chunk.
pub(crate) struct Code {
    pub header: CodeHeader,
    pub functions: Vec<Function>,
    pub int_code_end: Instruction,
    pub label_sites: Vec<Option<LabelSite>>,
}

const MIN_SUB_HEADER_SIZE: u32 = 16;

pub(crate) fn parse_code(chunk: &RawChunk<'_>, limits: &Limits) -> Result<Code> {
    let mut cursor = chunk.cursor();
    let size_at = cursor.location();
    let sub_header_size = cursor.u32("code sub-header size")?;
    if sub_header_size < MIN_SUB_HEADER_SIZE {
        return Err(BeamError::BadSize {
            at: size_at,
            what: "code sub-header size",
            value: u64::from(sub_header_size),
            limit: u64::from(MIN_SUB_HEADER_SIZE),
        });
    }
    let mut sub_header = cursor.clone();
    cursor.bytes(sub_header_size as usize, "code sub-header")?;
    let instruction_set = sub_header.u32("instruction set")?;
    let max_opcode = sub_header.u32("max opcode")?;
    let label_count_at = sub_header.location();
    let label_count = sub_header.u32("label count")?;
    let function_count = sub_header.u32("function count")?;
    let header = CodeHeader {
        sub_header_size,
        instruction_set,
        max_opcode,
        label_count,
        function_count,
    };
    // Every label is defined by a `label` instruction of at least two bytes, so a larger
    // count is a lie; checking it keeps the label map's allocation proportional to the input.
    let max_labels = cursor.remaining() as u64 / 2 + 1;
    if u64::from(label_count) > max_labels {
        return Err(BeamError::BadSize {
            at: label_count_at,
            what: "label count",
            value: u64::from(label_count),
            limit: max_labels,
        });
    }

    let mut label_defined = vec![false; label_count as usize];
    let mut instructions: Vec<Instruction> = Vec::new();
    let int_code_end = loop {
        let index = instructions.len();
        let at = cursor.location();
        if cursor.is_empty() {
            return Err(BeamError::BadCode {
                at,
                what: "code ends without int_code_end".into(),
            });
        }
        let byte = cursor.u8("opcode")?;
        let opcode =
            Opcode::from_byte(byte).ok_or(BeamError::UnknownOpcode { at, opcode: byte })?;
        let arity = opcode.arity();
        let mut args = SmallVec::with_capacity(arity);
        for operand in 0..arity {
            let operand_at = cursor.location();
            let context = Context::Instruction {
                index,
                opcode,
                operand,
            };
            // Only the last operand may be an extended list.
            let value = compact::read_operand(&mut cursor, operand + 1 == arity)
                .map_err(|error| error.with_context(context))?;
            validate_operand(&value, header.label_count, limits, operand_at, context)?;
            args.push(value);
        }
        let instruction = Instruction {
            opcode,
            args,
            offset: at.offset,
        };
        validate_instruction(&instruction, index, at, limits, &mut label_defined)?;
        if opcode == Opcode::IntCodeEnd {
            // Anything after int_code_end is padding as far as the loader is concerned.
            break instruction;
        }
        instructions.push(instruction);
    };

    let end_at = Location {
        chunk: chunk.id,
        offset: int_code_end.offset,
        context: Context::None,
    };
    let functions = split_functions(instructions, end_at)?;
    let mut label_sites = vec![None; label_count as usize];
    for (function_index, function) in functions.iter().enumerate() {
        for (instruction_index, instruction) in function.instructions.iter().enumerate() {
            if instruction.opcode == Opcode::Label {
                if let Some(Operand::U(label)) = instruction.args.first() {
                    // Range-checked when the instruction was decoded.
                    if let Some(site) = label_sites.get_mut(*label as usize) {
                        *site = Some(LabelSite {
                            function: function_index,
                            instruction: instruction_index,
                        });
                    }
                }
            }
        }
    }
    Ok(Code {
        header,
        functions,
        int_code_end,
        label_sites,
    })
}

fn out_of_range(at: Location, kind: IndexKind, index: u64, limit: usize) -> BeamError {
    BeamError::IndexOutOfRange {
        at,
        kind,
        index,
        limit: limit as u64,
    }
}

/// Checks the table indices that an operand carries by its tag alone.
fn validate_operand(
    operand: &Operand,
    label_count: u32,
    limits: &Limits,
    at: Location,
    context: Context,
) -> Result<()> {
    let at = Location { context, ..at };
    match operand {
        Operand::Atom(index) if *index as usize > limits.atoms => Err(out_of_range(
            at,
            IndexKind::Atom,
            u64::from(*index),
            limits.atoms,
        )),
        Operand::Literal(index) if *index as usize >= limits.literals => Err(out_of_range(
            at,
            IndexKind::Literal,
            u64::from(*index),
            limits.literals,
        )),
        Operand::Label(label) if *label >= label_count && *label != 0 => Err(out_of_range(
            at,
            IndexKind::Label,
            u64::from(*label),
            label_count as usize,
        )),
        Operand::TypedReg { type_index, .. } => match limits.types {
            Some(count) if *type_index as usize >= count => Err(out_of_range(
                at,
                IndexKind::Type,
                u64::from(*type_index),
                count,
            )),
            _ => Ok(()),
        },
        Operand::List(items) => items
            .iter()
            .try_for_each(|item| validate_operand(item, label_count, limits, at, context)),
        _ => Ok(()),
    }
}

/// Checks operands whose meaning depends on the opcode and position: import and FunT
/// indices, label definitions, line indices and string-table ranges.
fn validate_instruction(
    instruction: &Instruction,
    index: usize,
    at: Location,
    limits: &Limits,
    label_defined: &mut [bool],
) -> Result<()> {
    let opcode = instruction.opcode;
    let operand_at = |operand: usize| Location {
        context: Context::Instruction {
            index,
            opcode,
            operand,
        },
        ..at
    };
    let unsigned = |operand: usize, expected: &'static str| -> Result<u64> {
        match instruction.args.get(operand) {
            Some(Operand::U(value)) => Ok(*value),
            _ => Err(BeamError::BadTag {
                at: operand_at(operand),
                tag: "non-u",
                expected,
            }),
        }
    };
    let import_position = match opcode {
        Opcode::CallExt | Opcode::CallExtLast | Opcode::CallExtOnly => Some(1),
        Opcode::Bif0 => Some(0),
        Opcode::Bif1 | Opcode::Bif2 => Some(1),
        Opcode::GcBif1 | Opcode::GcBif2 | Opcode::GcBif3 => Some(2),
        _ => None,
    };
    if let Some(position) = import_position {
        let import = unsigned(position, "u (import index)")?;
        if import >= limits.imports as u64 {
            return Err(out_of_range(
                operand_at(position),
                IndexKind::Import,
                import,
                limits.imports,
            ));
        }
    }
    match opcode {
        Opcode::MakeFun3 | Opcode::MakeFun2 => {
            let fun = unsigned(0, "u (FunT index)")?;
            if fun >= limits.funs as u64 {
                return Err(out_of_range(
                    operand_at(0),
                    IndexKind::Fun,
                    fun,
                    limits.funs,
                ));
            }
        }
        Opcode::Label => {
            let label = unsigned(0, "u (label number)")?;
            let slot = usize::try_from(label)
                .ok()
                .filter(|&l| l != 0)
                .and_then(|l| label_defined.get_mut(l));
            match slot {
                None => {
                    return Err(out_of_range(
                        operand_at(0),
                        IndexKind::Label,
                        label,
                        label_defined.len(),
                    ))
                }
                Some(true) => {
                    return Err(BeamError::BadCode {
                        at: operand_at(0),
                        what: format!("label {label} defined twice"),
                    })
                }
                Some(slot) => *slot = true,
            }
        }
        Opcode::Line => {
            let item = unsigned(0, "u (line index)")?;
            if let Some(count) = limits.line_items {
                if item > count as u64 {
                    return Err(out_of_range(operand_at(0), IndexKind::Line, item, count));
                }
            }
        }
        Opcode::BsMatchString => {
            let bits = unsigned(2, "u (bit count)")?;
            let offset = unsigned(3, "u (string offset)")?;
            check_string(operand_at(3), offset, bits.div_ceil(8), limits.strings)?;
        }
        Opcode::BsPutString => {
            let length = unsigned(0, "u (string length)")?;
            let offset = unsigned(1, "u (string offset)")?;
            check_string(operand_at(1), offset, length, limits.strings)?;
        }
        _ => {}
    }
    Ok(())
}

fn check_string(at: Location, offset: u64, length: u64, available: usize) -> Result<()> {
    if offset.saturating_add(length) > available as u64 {
        return Err(out_of_range(at, IndexKind::String, offset, available));
    }
    Ok(())
}

/// Groups the instruction stream into functions. Like `beam_disasm`, the `label` and `line`
/// instructions directly before a `func_info` belong to that function.
fn split_functions(instructions: Vec<Instruction>, end_at: Location) -> Result<Vec<Function>> {
    let func_infos: Vec<usize> = instructions
        .iter()
        .enumerate()
        .filter(|(_, instruction)| instruction.opcode == Opcode::FuncInfo)
        .map(|(position, _)| position)
        .collect();
    let bad = |instruction: &Instruction, what: String| BeamError::BadCode {
        at: Location {
            offset: instruction.offset,
            ..end_at
        },
        what,
    };

    let mut starts = Vec::with_capacity(func_infos.len());
    let mut previous_boundary = 0;
    for &position in &func_infos {
        let mut start = position;
        while start > previous_boundary
            && matches!(instructions[start - 1].opcode, Opcode::Label | Opcode::Line)
        {
            start -= 1;
        }
        starts.push(start);
        previous_boundary = position + 1;
    }
    match (starts.first(), instructions.first()) {
        (Some(0), _) | (None, None) => {}
        (_, Some(first)) => {
            return Err(bad(
                first,
                "instructions before the first function's func_info".into(),
            ))
        }
        (Some(_), None) => {}
    }

    let mut functions = Vec::with_capacity(func_infos.len());
    let mut remaining = instructions.into_iter();
    for (number, &func_info_position) in func_infos.iter().enumerate() {
        let start = starts[number];
        let end = starts.get(number + 1).copied();
        let body: Vec<Instruction> = match end {
            Some(end) => remaining.by_ref().take(end - start).collect(),
            None => remaining.by_ref().collect(),
        };
        let func_info = &body[func_info_position - start];
        let (name, arity) = match func_info.args.as_slice() {
            [Operand::Atom(_), Operand::Atom(name), Operand::U(arity)] => {
                let arity = u32::try_from(*arity)
                    .map_err(|_| bad(func_info, format!("func_info arity {arity}")))?;
                (*name, arity)
            }
            _ => {
                return Err(bad(
                    func_info,
                    "func_info operands are not {atom, atom, u}".into(),
                ))
            }
        };
        let entry_label = match body.get(func_info_position - start + 1) {
            Some(Instruction {
                opcode: Opcode::Label,
                args,
                ..
            }) => match args.first() {
                Some(Operand::U(label)) => *label as u32,
                _ => return Err(bad(func_info, "bad entry label".into())),
            },
            _ => {
                return Err(bad(
                    func_info,
                    "func_info is not followed by the entry label".into(),
                ))
            }
        };
        functions.push(Function {
            name,
            arity,
            entry_label,
            instructions: body,
        });
    }
    Ok(functions)
}
