//! Control-flow graphs: a small generic CFG type, and the builder from BEAM code.
//!
//! `graph` is independent of BEAM so that the stackifier can be tested and fuzzed on its own;
//! the BEAM→CFG builder will live next to it in `from_beam`.
pub mod graph;

pub use graph::{Block, BlockId, Cfg, CfgError, Terminator};
