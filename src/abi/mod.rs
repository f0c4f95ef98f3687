//! The contract between generated code and the host that runs it (`docs/abi.md` is its
//! prose): the term encoding, the layouts in linear memory, continuation words, the primitives
//! and their operations, the BIF catalog, and the compiled module's shape. It sits at the
//! bottom of the crate: the compiler and the host both read it, neither owns it, and it
//! depends on nothing of theirs (only on `beam`'s term type, for literals).
//!
//! Every number either side must agree on is written here once; `docs/abi.md` cites these
//! items, and a test holds its tables to them.

pub mod bifs;
pub mod cp;
pub mod layout;
pub mod module;
pub mod primitive;
pub mod term;

pub use bifs::Bif;
pub use cp::CONTINUATION_EXIT;
pub use layout::{ctx, jit_state, DataLayout, REDUCTIONS_PER_SLICE};
pub use module::{CompileStats, CompiledModule, ExportEntry, Mode, Site, TraceInfo};
pub use primitive::{
    bits_op, call_op, exception_op, float_op, map_op, process_op, Primitive, RaiseKind, BIF_SILENT,
    NON_VALUE,
};
