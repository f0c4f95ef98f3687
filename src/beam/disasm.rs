//! A text listing of a module, close to `erlc -S` output but with generic opcodes, and
//! Erlang-syntax printing of terms.

use std::fmt::{self, Write};

use super::code::Instruction;
use super::compact::{AllocKind, Operand, Register};
use super::etf::Term;
use super::opcodes::Opcode;
use super::BeamModule;

const RESERVED_WORDS: &[&str] = &[
    "after", "and", "andalso", "band", "begin", "bnot", "bor", "bsl", "bsr", "bxor", "case",
    "catch", "cond", "div", "end", "fun", "if", "let", "not", "of", "or", "orelse", "receive",
    "rem", "try", "when", "xor", "maybe", "else",
];

/// Writes an atom as Erlang source text, quoting it when needed.
pub fn write_atom(out: &mut impl Write, name: &str) -> fmt::Result {
    let mut chars = name.chars();
    let plain = matches!(chars.next(), Some('a'..='z'))
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '@')
        && !RESERVED_WORDS.contains(&name);
    if plain {
        return out.write_str(name);
    }
    out.write_char('\'')?;
    for c in name.chars() {
        write_escaped_char(out, c, '\'')?;
    }
    out.write_char('\'')
}

fn write_escaped_char(out: &mut impl Write, c: char, quote: char) -> fmt::Result {
    match c {
        '\\' => out.write_str("\\\\"),
        '\n' => out.write_str("\\n"),
        '\t' => out.write_str("\\t"),
        '\r' => out.write_str("\\r"),
        c if c == quote => write!(out, "\\{c}"),
        c if (c as u32) < 32 || c as u32 == 127 => write!(out, "\\{:o}", c as u32),
        c => out.write_char(c),
    }
}

fn is_printable(code: i64) -> bool {
    matches!(code, 32..=126 | 160..=255 | 8..=13 | 27)
}

fn write_string(out: &mut impl Write, codes: impl Iterator<Item = i64>) -> fmt::Result {
    out.write_char('"')?;
    for code in codes {
        let c = u32::try_from(code)
            .ok()
            .and_then(char::from_u32)
            .unwrap_or('?');
        write_escaped_char(out, c, '"')?;
    }
    out.write_char('"')
}

fn write_float(out: &mut impl Write, value: f64) -> fmt::Result {
    let text = format!("{value:?}");
    // Erlang always writes a fraction: 1.0e16, not 1e16.
    match text.find('e') {
        Some(e) if !text[..e].contains('.') => write!(out, "{}.0{}", &text[..e], &text[e..]),
        _ => out.write_str(&text),
    }
}

fn write_bytes(out: &mut impl Write, bytes: &[u8], trailing_bits: Option<u8>) -> fmt::Result {
    out.write_str("<<")?;
    let printable = trailing_bits.is_none()
        && !bytes.is_empty()
        && bytes.iter().all(|&b| is_printable(i64::from(b)));
    if printable {
        write_string(out, bytes.iter().map(|&b| i64::from(b)))?;
    } else {
        for (i, byte) in bytes.iter().enumerate() {
            if i > 0 {
                out.write_char(',')?;
            }
            let is_last = i + 1 == bytes.len();
            match trailing_bits {
                Some(bits) if is_last => write!(out, "{}:{bits}", byte >> (8 - bits))?,
                _ => write!(out, "{byte}")?,
            }
        }
    }
    out.write_str(">>")
}

fn write_sequence<'a>(out: &mut impl Write, items: impl Iterator<Item = &'a Term>) -> fmt::Result {
    for (i, item) in items.enumerate() {
        if i > 0 {
            out.write_char(',')?;
        }
        write_term(out, item)?;
    }
    Ok(())
}

/// Writes a term as Erlang source text (like `io_lib:format("~w")`, but with strings).
pub fn write_term(out: &mut impl Write, term: &Term) -> fmt::Result {
    match term {
        Term::Integer(n) => write!(out, "{n}"),
        Term::BigInt(n) => write!(out, "{n}"),
        Term::Float(f) => write_float(out, *f),
        Term::Atom(name) => write_atom(out, name),
        Term::Tuple(items) => {
            out.write_char('{')?;
            write_sequence(out, items.iter())?;
            out.write_char('}')
        }
        Term::Nil => out.write_str("[]"),
        Term::String(bytes) => {
            if bytes.iter().all(|&b| is_printable(i64::from(b))) {
                write_string(out, bytes.iter().map(|&b| i64::from(b)))
            } else {
                out.write_char('[')?;
                for (i, byte) in bytes.iter().enumerate() {
                    if i > 0 {
                        out.write_char(',')?;
                    }
                    write!(out, "{byte}")?;
                }
                out.write_char(']')
            }
        }
        Term::List(items, tail) => {
            let all_printable = **tail == Term::Nil
                && items
                    .iter()
                    .all(|item| matches!(item, Term::Integer(c) if is_printable(*c)));
            if all_printable {
                return write_string(
                    out,
                    items.iter().map(|item| match item {
                        Term::Integer(c) => *c,
                        _ => 0,
                    }),
                );
            }
            out.write_char('[')?;
            write_sequence(out, items.iter())?;
            if **tail != Term::Nil {
                out.write_char('|')?;
                write_term(out, tail)?;
            }
            out.write_char(']')
        }
        Term::Binary(bytes) => write_bytes(out, bytes, None),
        Term::Bitstring { bytes, bits } => write_bytes(out, bytes, Some(*bits)),
        Term::Map(pairs) => {
            out.write_str("#{")?;
            for (i, (key, value)) in pairs.iter().enumerate() {
                if i > 0 {
                    out.write_char(',')?;
                }
                write_term(out, key)?;
                out.write_str(" => ")?;
                write_term(out, value)?;
            }
            out.write_char('}')
        }
        Term::ExportFun(export) => {
            out.write_str("fun ")?;
            write_atom(out, &export.module)?;
            out.write_char(':')?;
            write_atom(out, &export.function)?;
            write!(out, "/{}", export.arity)
        }
        Term::Fun(fun) => {
            out.write_str("#Fun<")?;
            write_atom(out, &fun.module)?;
            write!(out, ".{}.{}>", fun.old_index, fun.old_uniq)
        }
        Term::Pid(pid) => write!(out, "<{}.{}.{}>", pid.node, pid.id, pid.serial),
        Term::Port(port) => write!(out, "#Port<{}.{}>", port.node, port.id),
        Term::Reference(reference) => {
            write!(out, "#Ref<{}", reference.node)?;
            for id in &reference.ids {
                write!(out, ".{id}")?;
            }
            out.write_char('>')
        }
    }
}

impl fmt::Display for Term {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_term(f, self)
    }
}

fn write_register(out: &mut impl Write, register: Register) -> fmt::Result {
    match register {
        Register::X(n) => write!(out, "{{x,{n}}}"),
        Register::Y(n) => write!(out, "{{y,{n}}}"),
    }
}

fn write_atom_index(out: &mut impl Write, module: &BeamModule, index: u32) -> fmt::Result {
    match module.atom(index) {
        Ok(name) => write_atom(out, name),
        Err(_) => write!(out, "'?atom{index}'"),
    }
}

/// Writes one operand in `erlc -S` style.
pub fn write_operand(out: &mut impl Write, module: &BeamModule, operand: &Operand) -> fmt::Result {
    match operand {
        Operand::U(n) => write!(out, "{n}"),
        Operand::Int(n) => write!(out, "{{integer,{n}}}"),
        Operand::BigInt(n) => write!(out, "{{integer,{n}}}"),
        Operand::Atom(index) => {
            out.write_str("{atom,")?;
            write_atom_index(out, module, *index)?;
            out.write_char('}')
        }
        Operand::Nil => out.write_str("nil"),
        Operand::X(n) => write!(out, "{{x,{n}}}"),
        Operand::Y(n) => write!(out, "{{y,{n}}}"),
        Operand::Label(n) => write!(out, "{{f,{n}}}"),
        Operand::Char(n) => write!(out, "{{char,{n}}}"),
        Operand::Literal(index) => match module.literals.get(*index as usize) {
            Some(Term::Float(value)) => {
                out.write_str("{float,")?;
                write_float(out, *value)?;
                out.write_char('}')
            }
            Some(term) => {
                out.write_str("{literal,")?;
                write_term(out, term)?;
                out.write_char('}')
            }
            None => write!(out, "{{literal,'?{index}'}}"),
        },
        Operand::FloatReg(n) => write!(out, "{{fr,{n}}}"),
        Operand::List(items) => {
            out.write_str("{list,[")?;
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.write_char(',')?;
                }
                write_operand(out, module, item)?;
            }
            out.write_str("]}")
        }
        Operand::Alloc(entries) => {
            out.write_str("{alloc,[")?;
            for (i, entry) in entries.iter().enumerate() {
                if i > 0 {
                    out.write_char(',')?;
                }
                let kind = match entry.kind {
                    AllocKind::Words => "words",
                    AllocKind::Floats => "floats",
                    AllocKind::Funs => "funs",
                };
                write!(out, "{{{kind},{}}}", entry.amount)?;
            }
            out.write_str("]}")
        }
        Operand::TypedReg {
            register,
            type_index,
        } => {
            out.write_str("{tr,")?;
            write_register(out, *register)?;
            write!(out, ",{type_index}}}")
        }
    }
}

fn write_import(out: &mut impl Write, module: &BeamModule, operand: &Operand) -> fmt::Result {
    let mfa = match operand {
        Operand::U(index) => usize::try_from(*index)
            .ok()
            .and_then(|i| module.import_mfa(i)),
        _ => None,
    };
    match mfa {
        Some((m, f, a)) => {
            out.write_str("{extfunc,")?;
            write_atom(out, m)?;
            out.write_char(',')?;
            write_atom(out, f)?;
            write!(out, ",{a}}}")
        }
        None => write_operand(out, module, operand),
    }
}

fn write_string_operand(
    out: &mut impl Write,
    module: &BeamModule,
    offset: &Operand,
    length: u64,
) -> fmt::Result {
    let slice = match offset {
        Operand::U(offset) => usize::try_from(*offset).ok().and_then(|start| {
            let end = start.checked_add(usize::try_from(length).ok()?)?;
            module.strings.get(start..end)
        }),
        _ => None,
    };
    match slice {
        Some(bytes) => {
            out.write_str("{string,")?;
            write_bytes(out, bytes, None)?;
            out.write_char('}')
        }
        None => write_operand(out, module, offset),
    }
}

/// Writes one instruction as an Erlang term (without the final `.`).
pub fn write_instruction(
    out: &mut impl Write,
    module: &BeamModule,
    instruction: &Instruction,
) -> fmt::Result {
    let opcode = instruction.opcode;
    let args = &instruction.args;
    if args.is_empty() {
        return write_atom(out, opcode.name());
    }
    out.write_char('{')?;
    write_atom(out, opcode.name())?;
    let import_position = match opcode {
        Opcode::CallExt | Opcode::CallExtLast | Opcode::CallExtOnly => Some(1),
        Opcode::Bif0 => Some(0),
        Opcode::Bif1 | Opcode::Bif2 => Some(1),
        Opcode::GcBif1 | Opcode::GcBif2 | Opcode::GcBif3 => Some(2),
        _ => None,
    };
    for (position, arg) in args.iter().enumerate() {
        out.write_char(',')?;
        match (opcode, position, arg) {
            (Opcode::Line, 0, Operand::U(index)) => {
                let location = u32::try_from(*index).ok().and_then(|index| {
                    module
                        .lines
                        .as_ref()
                        .and_then(|table| table.location(index))
                });
                match location {
                    Some((file, line)) => {
                        out.write_str("[{location,")?;
                        write_string(out, file.chars().map(|c| i64::from(u32::from(c))))?;
                        write!(out, ",{line}}}]")?;
                    }
                    None => out.write_str("[]")?,
                }
            }
            (Opcode::BsMatchString, 3, offset) => {
                let bits = match args.get(2) {
                    Some(Operand::U(bits)) => *bits,
                    _ => 0,
                };
                write_string_operand(out, module, offset, bits.div_ceil(8))?;
            }
            (Opcode::BsPutString, 1, offset) => {
                let length = match args.first() {
                    Some(Operand::U(length)) => *length,
                    _ => 0,
                };
                write_string_operand(out, module, offset, length)?;
            }
            (Opcode::MakeFun3 | Opcode::MakeFun2, 0, Operand::U(index)) => {
                match usize::try_from(*index)
                    .ok()
                    .and_then(|i| module.funs.get(i))
                {
                    Some(fun) => {
                        out.write_str("{fun,")?;
                        write_atom_index(out, module, fun.function)?;
                        write!(out, ",{},{{f,{}}}}}", fun.arity, fun.label)?;
                    }
                    None => write!(out, "{index}")?,
                }
            }
            _ if Some(position) == import_position => write_import(out, module, arg)?,
            _ => write_operand(out, module, arg)?,
        }
    }
    out.write_char('}')
}

/// Writes the whole module listing.
pub fn write_module(out: &mut impl Write, module: &BeamModule) -> fmt::Result {
    out.write_str("{module, ")?;
    write_atom(out, &module.name)?;
    writeln!(
        out,
        "}}.  %% version = {}",
        module.code_header.instruction_set
    )?;
    writeln!(out)?;

    let mut exports: Vec<(&str, u32)> = module
        .exports
        .iter()
        .map(|export| (module.atom(export.function).unwrap_or("?"), export.arity))
        .collect();
    exports.sort_unstable();
    out.write_str("{exports, [")?;
    for (i, (name, arity)) in exports.iter().enumerate() {
        if i > 0 {
            out.write_char(',')?;
        }
        out.write_char('{')?;
        write_atom(out, name)?;
        write!(out, ",{arity}}}")?;
    }
    writeln!(out, "]}}.")?;
    writeln!(out)?;

    out.write_str("{attributes, ")?;
    match &module.attributes {
        Some(attributes) => write_term(out, attributes)?,
        None => out.write_str("[]")?,
    }
    writeln!(out, "}}.")?;
    writeln!(out)?;
    writeln!(out, "{{labels, {}}}.", module.code_header.label_count)?;

    for function in &module.functions {
        writeln!(out)?;
        writeln!(out)?;
        out.write_str("{function, ")?;
        write_atom(out, module.function_name(function))?;
        writeln!(out, ", {}, {}}}.", function.arity, function.entry_label)?;
        for instruction in &function.instructions {
            let indent = if instruction.opcode == Opcode::Label {
                "  "
            } else {
                "    "
            };
            out.write_str(indent)?;
            write_instruction(out, module, instruction)?;
            writeln!(out, ".")?;
        }
    }
    Ok(())
}

/// The whole module listing as a string.
pub fn listing(module: &BeamModule) -> String {
    let mut text = String::new();
    // Writing to a String cannot fail.
    let _ = write_module(&mut text, module);
    text
}
