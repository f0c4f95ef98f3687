//! Decoders for the table chunks: AtU8, ImpT, ExpT/LocT, FunT, LitT, Line, Type, and the
//! term chunks (Attr, CInf, Meta).

use super::compact::{self, Tag};
use super::container::RawChunk;
use super::cursor::{Cursor, Result};
use super::error::{BeamError, Context, IndexKind, Location};
use super::etf::{self, Term};

/// An entry of ImpT: `module:function/arity`, as atom-table indices (1-based).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Import {
    pub module: u32,
    pub function: u32,
    pub arity: u32,
}

/// An entry of ExpT or LocT: a function and its entry label.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Export {
    /// Atom-table index (1-based) of the function name.
    pub function: u32,
    pub arity: u32,
    pub label: u32,
}

/// An entry of FunT (the lambda table), referred to by `make_fun3` by position.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct FunEntry {
    /// Atom-table index (1-based) of the generated function name.
    pub function: u32,
    /// Arity including the free variables.
    pub arity: u32,
    pub label: u32,
    pub index: u32,
    pub num_free: u32,
    pub old_uniq: u32,
}

/// One item of the Line table: a file (index into [`LineTable::file_names`]) and a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct LineItem {
    pub file: u32,
    pub line: u32,
}

/// The Line chunk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineTable {
    pub version: u32,
    pub flags: u32,
    /// How many `line` instructions the compiler emitted.
    pub instruction_count: u32,
    /// Items for `line` operands 1..=len: `items[i - 1]` is operand `i`. Operand 0 means
    /// "no location".
    pub items: Vec<LineItem>,
    /// File names. Index 0 is implicit in the file (`<module>.erl`) and is filled in here.
    pub file_names: Vec<String>,
}

impl LineTable {
    /// Resolves a `line` instruction operand to (file name, line number); `None` for the
    /// undefined location 0 or an index past the table.
    pub fn location(&self, index: u32) -> Option<(&str, u32)> {
        let item = self.items.get((index as usize).checked_sub(1)?)?;
        let file = self.file_names.get(item.file as usize)?;
        Some((file.as_str(), item.line))
    }
}

/// One entry of a version-1 (OTP 25) Type table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct TypeEntry {
    /// Bit set of possible types: atom 1, bitstring 2, bs_matchstate 4, cons 8, float 16,
    /// fun 32, integer 64, map 128, nil 256, pid 512, port 1024, reference 2048, tuple 4096.
    pub bits: u16,
    /// Integer range, when known.
    pub range: Option<(i64, i64)>,
}

/// The Type chunk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TypeTable {
    /// OTP 25's format (version 1).
    V1(Vec<TypeEntry>),
    /// A version this reader does not understand. Types are only hints, so this is kept
    /// rather than rejected.
    Unknown { version: u32, data: Vec<u8> },
}

impl TypeTable {
    pub const OTP25_VERSION: u32 = 1;

    /// Number of entries, if the format is understood.
    pub fn len(&self) -> Option<usize> {
        match self {
            TypeTable::V1(entries) => Some(entries.len()),
            TypeTable::Unknown { .. } => None,
        }
    }

    /// True if the table is understood and has no entries.
    pub fn is_empty(&self) -> bool {
        self.len() == Some(0)
    }

    /// The entry at `index`, if the format is understood.
    pub fn get(&self, index: u32) -> Option<&TypeEntry> {
        match self {
            TypeTable::V1(entries) => entries.get(index as usize),
            TypeTable::Unknown { .. } => None,
        }
    }
}

pub(crate) fn check_atom(index: u32, atom_count: usize, at: Location) -> Result<u32> {
    if index == 0 || index as usize > atom_count {
        return Err(BeamError::IndexOutOfRange {
            at,
            kind: IndexKind::Atom,
            index: u64::from(index),
            limit: atom_count as u64,
        });
    }
    Ok(index)
}

/// AtU8. A negative count (OTP 28+) means the lengths are compact `u` values.
pub(crate) fn parse_atoms(chunk: &RawChunk<'_>) -> Result<Vec<String>> {
    let mut cursor = chunk.cursor();
    let count_at = cursor.location();
    let declared = i64::from(cursor.i32("atom count")?);
    let long_lengths = declared < 0;
    let count = cursor.check_count(declared.unsigned_abs(), 1, "atom count")?;
    if count == 0 {
        return Err(BeamError::BadSize {
            at: count_at,
            what: "atom count (the module name is atom 1)",
            value: 0,
            limit: 0,
        });
    }
    let mut atoms = Vec::with_capacity(count);
    for _ in 0..count {
        let length = if long_lengths {
            let length = compact::read_unsigned(&mut cursor, "atom length")?;
            cursor.check_count(length, 1, "atom length")?
        } else {
            usize::from(cursor.u8("atom length")?)
        };
        let at = cursor.location();
        let text = cursor.bytes(length, "atom text")?;
        let text = std::str::from_utf8(text).map_err(|_| BeamError::BadUtf8 {
            at,
            what: "atom text",
        })?;
        atoms.push(text.to_owned());
    }
    Ok(atoms)
}

pub(crate) fn parse_imports(chunk: &RawChunk<'_>, atom_count: usize) -> Result<Vec<Import>> {
    let mut cursor = chunk.cursor();
    let count = u64::from(cursor.u32("import count")?);
    let count = cursor.check_count(count, 12, "import count")?;
    let mut imports = Vec::with_capacity(count);
    for _ in 0..count {
        let at = cursor.location();
        let module = check_atom(cursor.u32("import module")?, atom_count, at)?;
        let at = cursor.location();
        let function = check_atom(cursor.u32("import function")?, atom_count, at)?;
        let arity = cursor.u32("import arity")?;
        imports.push(Import {
            module,
            function,
            arity,
        });
    }
    Ok(imports)
}

/// ExpT and LocT share a layout. Labels are checked later, against the Code header.
pub(crate) fn parse_exports(
    chunk: &RawChunk<'_>,
    atom_count: usize,
) -> Result<Vec<(Export, Location)>> {
    let mut cursor = chunk.cursor();
    let count = u64::from(cursor.u32("function count")?);
    let count = cursor.check_count(count, 12, "function count")?;
    let mut entries = Vec::with_capacity(count);
    for _ in 0..count {
        let at = cursor.location();
        let function = check_atom(cursor.u32("function name")?, atom_count, at)?;
        let arity = cursor.u32("function arity")?;
        let label_at = cursor.location();
        let label = cursor.u32("function label")?;
        entries.push((
            Export {
                function,
                arity,
                label,
            },
            label_at,
        ));
    }
    Ok(entries)
}

pub(crate) fn parse_funs(
    chunk: &RawChunk<'_>,
    atom_count: usize,
) -> Result<Vec<(FunEntry, Location)>> {
    let mut cursor = chunk.cursor();
    let count = u64::from(cursor.u32("fun count")?);
    let count = cursor.check_count(count, 24, "fun count")?;
    let mut funs = Vec::with_capacity(count);
    for _ in 0..count {
        let at = cursor.location();
        let function = check_atom(cursor.u32("fun name")?, atom_count, at)?;
        let arity = cursor.u32("fun arity")?;
        let label_at = cursor.location();
        let label = cursor.u32("fun label")?;
        let index = cursor.u32("fun index")?;
        let num_free = cursor.u32("fun free variable count")?;
        let old_uniq = cursor.u32("fun old_uniq")?;
        funs.push((
            FunEntry {
                function,
                arity,
                label,
                index,
                num_free,
                old_uniq,
            },
            label_at,
        ));
    }
    Ok(funs)
}

/// LitT: `u32 inflated size` then zlib data, or (OTP 28+) size 0 and the table itself.
pub(crate) fn parse_literals(chunk: &RawChunk<'_>) -> Result<Vec<Term>> {
    let mut cursor = chunk.cursor();
    let inflated_size = cursor.u32("literal table size")?;
    let inflated;
    let mut table = if inflated_size == 0 {
        cursor
    } else {
        inflated = etf::inflate_exact(chunk.id, cursor.rest(), inflated_size as usize)?;
        Cursor::new(&inflated, 0, chunk.id).with_context(Context::InflatedLiterals)
    };
    let count = u64::from(table.u32("literal count")?);
    // Each literal has a 4-byte size and at least a version byte and a tag.
    let count = table.check_count(count, 6, "literal count")?;
    let mut literals = Vec::with_capacity(count);
    for index in 0..count {
        let size = u64::from(table.u32("literal size")?);
        let size = table.check_count(size, 1, "literal size")?;
        let start = table.location();
        let bytes = table.bytes(size, "literal")?;
        let context = match start.context {
            Context::None => Context::None,
            _ => Context::Literal {
                index: index as u32,
            },
        };
        let mut term_cursor = Cursor::new(bytes, start.offset, chunk.id).with_context(context);
        let term = etf::read_versioned_term(&mut term_cursor)?;
        etf::expect_end(&term_cursor)?;
        literals.push(term);
    }
    Ok(literals)
}

/// A chunk holding one external term (Attr, CInf, Meta).
pub(crate) fn parse_term_chunk(chunk: &RawChunk<'_>) -> Result<Term> {
    let mut cursor = chunk.cursor();
    let term = etf::read_versioned_term(&mut cursor)?;
    etf::expect_end(&cursor)?;
    Ok(term)
}

pub(crate) fn parse_lines(chunk: &RawChunk<'_>, module_name: &str) -> Result<LineTable> {
    let mut cursor = chunk.cursor();
    let version = cursor.u32("line table version")?;
    let flags = cursor.u32("line table flags")?;
    let instruction_count = cursor.u32("line instruction count")?;
    let item_count = u64::from(cursor.u32("line item count")?);
    let file_count = u64::from(cursor.u32("line file name count")?);
    let item_count = cursor.check_count(item_count, 1, "line item count")?;
    let mut items = Vec::with_capacity(item_count);
    let mut file = 0u32;
    while items.len() < item_count {
        let at = cursor.location();
        match compact::read_simple(&mut cursor, "a or i (line item)")? {
            (Tag::Atom, compact::Operand::U(index)) => {
                if index > file_count {
                    return Err(BeamError::IndexOutOfRange {
                        at,
                        kind: IndexKind::FileName,
                        index,
                        limit: file_count,
                    });
                }
                // `index <= file_count`, a u32.
                file = index as u32;
            }
            (Tag::Integer, compact::Operand::Int(line)) => {
                let line = u32::try_from(line).map_err(|_| BeamError::ValueTooLarge {
                    at,
                    what: "line number",
                    bits: 32,
                })?;
                items.push(LineItem { file, line });
            }
            (Tag::Integer, _) => {
                return Err(BeamError::ValueTooLarge {
                    at,
                    what: "line number",
                    bits: 32,
                })
            }
            (tag, _) => {
                return Err(BeamError::BadTag {
                    at,
                    tag: tag.letter(),
                    expected: "a or i (line item)",
                })
            }
        }
    }
    let file_count = cursor.check_count(file_count, 2, "line file name count")?;
    let mut file_names = Vec::with_capacity(file_count + 1);
    file_names.push(format!("{module_name}.erl"));
    for _ in 0..file_count {
        let length = usize::from(cursor.u16("file name length")?);
        let at = cursor.location();
        let name = cursor.bytes(length, "file name")?;
        let name = std::str::from_utf8(name).map_err(|_| BeamError::BadUtf8 {
            at,
            what: "file name",
        })?;
        file_names.push(name.to_owned());
    }
    Ok(LineTable {
        version,
        flags,
        instruction_count,
        items,
        file_names,
    })
}

pub(crate) fn parse_types(chunk: &RawChunk<'_>) -> Result<TypeTable> {
    let mut cursor = chunk.cursor();
    let version = cursor.u32("type table version")?;
    if version != TypeTable::OTP25_VERSION {
        return Ok(TypeTable::Unknown {
            version,
            data: cursor.rest().to_vec(),
        });
    }
    let count = u64::from(cursor.u32("type count")?);
    let count = cursor.check_count(count, 18, "type count")?;
    let mut entries = Vec::with_capacity(count);
    for _ in 0..count {
        let bits = cursor.u16("type bits")?;
        let min = cursor.i64("type minimum")?;
        let max = cursor.i64("type maximum")?;
        // The compiler writes (0, -1) for "no range".
        let range = (min <= max).then_some((min, max));
        entries.push(TypeEntry { bits, range });
    }
    Ok(TypeTable::V1(entries))
}
