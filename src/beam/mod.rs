//! Reading `.beam` files: the IFF container, its chunks, and the instruction stream.
//!
//! [`read`] decodes a whole module eagerly (literals included) into a [`BeamModule`]. Every
//! table index found in the code is checked, so later stages can index tables freely.

mod chunks;
mod code;
mod compact;
mod container;
mod cursor;
pub mod disasm;
mod error;
mod etf;
mod opcodes;

pub use chunks::{Export, FunEntry, Import, LineItem, LineTable, TypeEntry, TypeTable};
pub use code::{CodeHeader, Function, Instruction, LabelSite};
pub use compact::{AllocEntry, AllocKind, Operand, Register};
pub use container::{split_chunks, RawChunk};
pub use error::{BeamError, ChunkId, Context, IndexKind, Location};
pub use etf::{
    decode_external, decode_external_prefix, ExportFun, Fun, Pid, Port, Reference, Term,
    MAX_TERM_DEPTH,
};
pub use opcodes::Opcode;

/// A decoded BEAM module.
#[derive(Debug, Clone, PartialEq)]
pub struct BeamModule {
    /// The module name (atom 1).
    pub name: String,
    /// The atom table; `atoms[0]` is atom index 1. Use [`BeamModule::atom`] for 1-based access.
    pub atoms: Vec<String>,
    /// ImpT. `call_ext*`, `bif*` and `gc_bif*` operands index this (0-based).
    pub imports: Vec<Import>,
    /// ExpT.
    pub exports: Vec<Export>,
    /// LocT (absent in `slim` builds: then empty).
    pub locals: Vec<Export>,
    /// FunT (the lambda table); `make_fun3` operands index this (0-based).
    pub funs: Vec<FunEntry>,
    /// LitT, decoded; `z4` literal operands index this (0-based).
    pub literals: Vec<Term>,
    /// StrT bytes, referred to by (offset, length) operands.
    pub strings: Vec<u8>,
    /// The Line chunk, if present.
    pub lines: Option<LineTable>,
    /// The Attr chunk (attribute proplist), if present.
    pub attributes: Option<Term>,
    /// The CInf chunk (compile info proplist), if present.
    pub compile_info: Option<Term>,
    /// The Meta chunk (OTP 25+: enabled features), if present.
    pub meta: Option<Term>,
    /// The module's MD5 as OTP computes it (`module_info(md5)`, a local fun's `new_uniq`).
    pub md5: [u8; 16],
    /// The Type chunk, if present.
    pub types: Option<TypeTable>,
    pub code_header: CodeHeader,
    /// Functions in file order.
    pub functions: Vec<Function>,
    /// The `int_code_end` instruction that closes the code.
    pub int_code_end: Instruction,
    label_sites: Vec<Option<LabelSite>>,
}

impl BeamModule {
    /// The atom with a 1-based index, as operands and tables use them.
    pub fn atom(&self, index: u32) -> Result<&str, BeamError> {
        (index as usize)
            .checked_sub(1)
            .and_then(|i| self.atoms.get(i))
            .map(String::as_str)
            .ok_or(BeamError::IndexOutOfRange {
                at: Location {
                    chunk: ChunkId(*b"AtU8"),
                    offset: 0,
                    context: Context::None,
                },
                kind: IndexKind::Atom,
                index: u64::from(index),
                limit: self.atoms.len() as u64,
            })
    }

    /// Where a label is defined (`None` for 0, undefined or out-of-range labels).
    pub fn label_site(&self, label: u32) -> Option<LabelSite> {
        self.label_sites.get(label as usize).copied().flatten()
    }

    /// The function containing `label`, and the index of its `label` instruction.
    pub fn function_at_label(&self, label: u32) -> Option<(&Function, usize)> {
        let site = self.label_site(label)?;
        Some((self.functions.get(site.function)?, site.instruction))
    }

    /// `(module, function, arity)` of an import.
    pub fn import_mfa(&self, index: usize) -> Option<(&str, &str, u32)> {
        let import = self.imports.get(index)?;
        Some((
            self.atom(import.module).ok()?,
            self.atom(import.function).ok()?,
            import.arity,
        ))
    }

    /// The name of a function as a string.
    pub fn function_name(&self, function: &Function) -> &str {
        self.atom(function.name).unwrap_or("")
    }
}

/// Finds the first chunk with `id`.
fn find_chunk<'a, 'b>(chunks: &'b [RawChunk<'a>], id: &[u8; 4]) -> Option<&'b RawChunk<'a>> {
    chunks.iter().find(|chunk| &chunk.id.0 == id)
}

fn require_chunk<'a, 'b>(
    chunks: &'b [RawChunk<'a>],
    id: &[u8; 4],
) -> Result<&'b RawChunk<'a>, BeamError> {
    find_chunk(chunks, id).ok_or(BeamError::MissingChunk(ChunkId(*id)))
}

/// Decodes a whole `.beam` file, plain or gzip-compressed (`erlc +compressed`).
pub fn read(bytes: &[u8]) -> Result<BeamModule, BeamError> {
    if bytes.starts_with(&GZIP_MAGIC) {
        return read_chunks(&gunzip(bytes)?);
    }
    read_chunks(bytes)
}

/// `beam_lib:md5/1` of a whole, uncompressed `.beam` file, if it reads as one (what OTP's
/// loader computes; `code:module_md5/1` inflates a compressed file first).
pub fn module_md5_of(bytes: &[u8]) -> Option<[u8; 16]> {
    if bytes.starts_with(&GZIP_MAGIC) {
        return None;
    }
    read_chunks(bytes).ok().map(|module| module.md5)
}

/// The first bytes of a gzip stream: `erlc +compressed` writes whole `.beam` files so, and
/// OTP's loader (like `beam_lib`) inflates them first.
const GZIP_MAGIC: [u8; 2] = [0x1f, 0x8b];

/// Inflates a gzip-compressed `.beam` to the size its trailer declares, as `etf` inflates
/// compressed chunks (never past that size, nor past what the input could expand to).
fn gunzip(bytes: &[u8]) -> Result<Vec<u8>, BeamError> {
    let bad = |message: String| BeamError::BadGzip { message };
    // The trailer's ISIZE: the inflated size modulo 2^32.
    let declared = match bytes.len().checked_sub(4).map(|at| &bytes[at..]) {
        Some(&[a, b, c, d]) if bytes.len() >= 18 => u32::from_le_bytes([a, b, c, d]) as usize,
        _ => {
            return Err(bad(format!(
                "{} bytes are too few for a gzip stream",
                bytes.len()
            )))
        }
    };
    let inflated = etf::inflate_to_size(flate2::read::GzDecoder::new(bytes), bytes.len(), declared)
        .map_err(bad)?;
    if inflated.starts_with(&GZIP_MAGIC) {
        return Err(bad("a gzip stream inside a gzip stream".into()));
    }
    Ok(inflated)
}

/// OTP's digest of a module (`beam_lib:md5/1`, which the loader agrees with): MD5 over the
/// significant chunks in this order, with each FunT entry's `old_uniq` zeroed.
fn module_md5(chunks: &[container::RawChunk<'_>]) -> [u8; 16] {
    use md5::{Digest, Md5};
    const SIGNIFICANT: [&[u8; 4]; 9] = [
        b"Atom", b"AtU8", b"Code", b"StrT", b"ImpT", b"ExpT", b"FunT", b"LitT", b"Meta",
    ];
    // A FunT entry is six 4-byte fields; `old_uniq` is the last.
    const FUN_ENTRY: usize = 24;
    let mut digest = Md5::new();
    for id in SIGNIFICANT {
        let Some(chunk) = find_chunk(chunks, id) else {
            continue;
        };
        if id == b"FunT" && chunk.data.len() >= 4 {
            let (count, entries) = chunk.data.split_at(4);
            digest.update(count);
            let mut rest = entries;
            while rest.len() >= FUN_ENTRY {
                digest.update(&rest[..FUN_ENTRY - 4]);
                digest.update([0u8; 4]);
                rest = &rest[FUN_ENTRY..];
            }
            digest.update(rest);
        } else {
            digest.update(chunk.data);
        }
    }
    digest.finalize().into()
}

fn read_chunks(bytes: &[u8]) -> Result<BeamModule, BeamError> {
    let chunks = split_chunks(bytes)?;

    let atom_chunk = match find_chunk(&chunks, b"AtU8") {
        Some(chunk) => chunk,
        None if find_chunk(&chunks, b"Atom").is_some() => return Err(BeamError::ObsoleteAtomChunk),
        None => return Err(BeamError::MissingChunk(ChunkId(*b"AtU8"))),
    };
    let code_chunk = require_chunk(&chunks, b"Code")?;
    let import_chunk = require_chunk(&chunks, b"ImpT")?;
    let export_chunk = require_chunk(&chunks, b"ExpT")?;

    let atoms = chunks::parse_atoms(atom_chunk)?;
    let name = atoms.first().cloned().unwrap_or_default();
    let atom_count = atoms.len();
    let imports = chunks::parse_imports(import_chunk, atom_count)?;
    let exports = chunks::parse_exports(export_chunk, atom_count)?;
    let locals = match find_chunk(&chunks, b"LocT") {
        Some(chunk) => chunks::parse_exports(chunk, atom_count)?,
        None => Vec::new(),
    };
    let funs = match find_chunk(&chunks, b"FunT") {
        Some(chunk) => chunks::parse_funs(chunk, atom_count)?,
        None => Vec::new(),
    };
    let literals = match find_chunk(&chunks, b"LitT") {
        Some(chunk) => chunks::parse_literals(chunk)?,
        None => Vec::new(),
    };
    let strings = find_chunk(&chunks, b"StrT")
        .map(|chunk| chunk.data.to_vec())
        .unwrap_or_default();
    let lines = find_chunk(&chunks, b"Line")
        .map(|chunk| chunks::parse_lines(chunk, &name))
        .transpose()?;
    let types = find_chunk(&chunks, b"Type")
        .map(chunks::parse_types)
        .transpose()?;
    let term_chunk = |id: &[u8; 4]| {
        find_chunk(&chunks, id)
            .map(chunks::parse_term_chunk)
            .transpose()
    };
    let attributes = term_chunk(b"Attr")?;
    let compile_info = term_chunk(b"CInf")?;
    let meta = term_chunk(b"Meta")?;
    let md5 = module_md5(&chunks);

    let limits = code::Limits {
        atoms: atom_count,
        literals: literals.len(),
        imports: imports.len(),
        funs: funs.len(),
        types: types.as_ref().and_then(TypeTable::len),
        line_items: lines.as_ref().map(|table| table.items.len()),
        strings: strings.len(),
    };
    let code = code::parse_code(code_chunk, &limits)?;

    // Entry labels in the function tables must name labels of the code.
    let label_count = code.header.label_count;
    let check_label = |label: u32, at: Location| {
        if label == 0 || label >= label_count {
            Err(BeamError::IndexOutOfRange {
                at,
                kind: IndexKind::Label,
                index: u64::from(label),
                limit: u64::from(label_count),
            })
        } else {
            Ok(())
        }
    };
    for (entry, at) in exports.iter().chain(&locals) {
        check_label(entry.label, *at)?;
    }
    for (entry, at) in &funs {
        check_label(entry.label, *at)?;
    }

    Ok(BeamModule {
        name,
        atoms,
        imports,
        exports: exports.into_iter().map(|(entry, _)| entry).collect(),
        locals: locals.into_iter().map(|(entry, _)| entry).collect(),
        funs: funs.into_iter().map(|(entry, _)| entry).collect(),
        literals,
        strings,
        lines,
        attributes,
        compile_info,
        meta,
        md5,
        types,
        code_header: code.header,
        functions: code.functions,
        int_code_end: code.int_code_end,
        label_sites: code.label_sites,
    })
}
