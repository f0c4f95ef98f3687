//! Errors of the `.beam` reader. Every error says what went wrong and where.

use std::fmt;

use super::opcodes::Opcode;

/// A four-character chunk identifier such as `Code` or `LitT`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ChunkId(pub [u8; 4]);

impl ChunkId {
    /// The pseudo-chunk used for the IFF header (`FOR1`, size, `BEAM`).
    pub const HEADER: ChunkId = ChunkId(*b"FOR1");
}

impl fmt::Display for ChunkId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for &byte in &self.0 {
            if byte.is_ascii_graphic() || byte == b' ' {
                write!(f, "{}", byte as char)?;
            } else {
                write!(f, "\\x{byte:02x}")?;
            }
        }
        Ok(())
    }
}

/// Extra detail about where, inside a chunk, an error occurred.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Context {
    /// Nothing more specific than the chunk and the byte offset.
    None,
    /// An operand of an instruction in the Code chunk (`index` counts from 0 over the
    /// whole chunk; `operand` counts from 0).
    Instruction {
        index: usize,
        opcode: Opcode,
        operand: usize,
    },
    /// Inside literal number `index` of LitT; the offset is into the inflated table.
    Literal { index: u32 },
    /// Inside the inflated LitT data (before any literal was identified).
    InflatedLiterals,
}

/// Where an error occurred: a chunk, a byte offset and optional detail.
///
/// The offset is from the start of the file, except for [`Context::Literal`] and
/// [`Context::InflatedLiterals`], where it is into the inflated literal table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Location {
    pub chunk: ChunkId,
    pub offset: usize,
    pub context: Context,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.context {
            Context::None => write!(f, "chunk {}, byte {}", self.chunk, self.offset),
            Context::Instruction {
                index,
                opcode,
                operand,
            } => write!(
                f,
                "chunk {}, byte {}, instruction #{index} `{opcode}`, operand {operand}",
                self.chunk, self.offset
            ),
            Context::Literal { index } => write!(
                f,
                "chunk {}, literal #{index}, byte {} of the inflated table",
                self.chunk, self.offset
            ),
            Context::InflatedLiterals => write!(
                f,
                "chunk {}, byte {} of the inflated table",
                self.chunk, self.offset
            ),
        }
    }
}

/// Which table an out-of-range index refers to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IndexKind {
    Atom,
    Literal,
    Label,
    Import,
    Fun,
    Type,
    Line,
    FileName,
    String,
}

impl fmt::Display for IndexKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            IndexKind::Atom => "atom",
            IndexKind::Literal => "literal",
            IndexKind::Label => "label",
            IndexKind::Import => "import",
            IndexKind::Fun => "FunT",
            IndexKind::Type => "type",
            IndexKind::Line => "line",
            IndexKind::FileName => "file name",
            IndexKind::String => "string table",
        })
    }
}

/// Everything that can go wrong while reading a `.beam` file.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum BeamError {
    #[error("{at}: truncated {what}: need {needed} bytes, {available} available")]
    Truncated {
        at: Location,
        what: &'static str,
        needed: usize,
        available: usize,
    },
    #[error("not a BEAM file: expected {expected:?} at byte {offset}, found {found:?}")]
    BadMagic {
        offset: usize,
        expected: &'static str,
        found: String,
    },
    #[error("IFF form size {declared} exceeds the {available} bytes after the header")]
    BadFormSize { declared: u64, available: usize },
    #[error("chunk {chunk} at byte {offset} declares {size} bytes but only {available} remain")]
    ChunkOutOfBounds {
        chunk: ChunkId,
        offset: usize,
        size: u64,
        available: usize,
    },
    #[error("mandatory chunk {0} is missing")]
    MissingChunk(ChunkId),
    #[error("obsolete Latin-1 `Atom` chunk (pre-OTP 21 file); only AtU8 is supported")]
    ObsoleteAtomChunk,
    #[error("{at}: bad {what}: {value} (limit {limit})")]
    BadSize {
        at: Location,
        what: &'static str,
        value: u64,
        limit: u64,
    },
    #[error("{at}: bad tag {tag} (expected {expected})")]
    BadTag {
        at: Location,
        tag: &'static str,
        expected: &'static str,
    },
    #[error("{at}: obsolete z0 float operand (floats are literals since R16B)")]
    ObsoleteFloatOperand { at: Location },
    #[error("{at}: unknown extended operand tag z{value}")]
    UnknownExtendedTag { at: Location, value: u64 },
    #[error("{at}: {what} does not fit in {bits} bits")]
    ValueTooLarge {
        at: Location,
        what: &'static str,
        bits: u32,
    },
    #[error("{at}: unknown opcode {opcode}")]
    UnknownOpcode { at: Location, opcode: u8 },
    #[error("chunk {chunk}: bad zlib data: {message}")]
    BadZlib { chunk: ChunkId, message: String },
    /// A gzip-compressed `.beam` (`erlc +compressed`) that does not inflate to one.
    #[error("compressed BEAM file: {message}")]
    BadGzip { message: String },
    #[error("{at}: {what} is not valid UTF-8")]
    BadUtf8 { at: Location, what: &'static str },
    #[error("{at}: {kind} index {index} out of range (limit {limit})")]
    IndexOutOfRange {
        at: Location,
        kind: IndexKind,
        index: u64,
        limit: u64,
    },
    #[error("{at}: external term format: {what}")]
    BadTerm { at: Location, what: String },
    #[error("{at}: term nested deeper than {limit} levels")]
    TooDeep { at: Location, limit: usize },
    #[error("{at}: malformed code: {what}")]
    BadCode { at: Location, what: String },
}

impl BeamError {
    /// The location of the error, if it has one.
    pub fn location(&self) -> Option<&Location> {
        match self {
            BeamError::Truncated { at, .. }
            | BeamError::BadSize { at, .. }
            | BeamError::BadTag { at, .. }
            | BeamError::ObsoleteFloatOperand { at }
            | BeamError::UnknownExtendedTag { at, .. }
            | BeamError::ValueTooLarge { at, .. }
            | BeamError::UnknownOpcode { at, .. }
            | BeamError::BadUtf8 { at, .. }
            | BeamError::IndexOutOfRange { at, .. }
            | BeamError::BadTerm { at, .. }
            | BeamError::TooDeep { at, .. }
            | BeamError::BadCode { at, .. } => Some(at),
            _ => None,
        }
    }

    fn location_mut(&mut self) -> Option<&mut Location> {
        match self {
            BeamError::Truncated { at, .. }
            | BeamError::BadSize { at, .. }
            | BeamError::BadTag { at, .. }
            | BeamError::ObsoleteFloatOperand { at }
            | BeamError::UnknownExtendedTag { at, .. }
            | BeamError::ValueTooLarge { at, .. }
            | BeamError::UnknownOpcode { at, .. }
            | BeamError::BadUtf8 { at, .. }
            | BeamError::IndexOutOfRange { at, .. }
            | BeamError::BadTerm { at, .. }
            | BeamError::TooDeep { at, .. }
            | BeamError::BadCode { at, .. } => Some(at),
            _ => None,
        }
    }

    /// Adds `context` to the error's location unless it already has a more specific one.
    pub(crate) fn with_context(mut self, context: Context) -> Self {
        if let Some(at) = self.location_mut() {
            if at.context == Context::None {
                at.context = context;
            }
        }
        self
    }
}
