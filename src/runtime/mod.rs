//! Executing compiled modules: the engine boundary, terms in linear memory, the atom table,
//! primitives and BIFs, processes and their scheduler, the garbage collector, printing.
pub mod api;
mod bifs;
mod code;
mod data;
pub mod engine;
pub mod exception;
mod machine;
mod memory;
mod primitives;
pub mod process;
mod term;

pub use api::values::{CallError, ErlValue, ErlangError};
pub use api::{Outcome, RuntimeError, Vm, VmOptions};
pub use code::CodePath;
