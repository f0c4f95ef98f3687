//! Control-flow graphs: a small generic CFG type, and the builder from BEAM code.
//!
//! `graph` is independent of BEAM so that the stackifier can be tested and fuzzed on its own;
//! `from_beam` builds the graph of a whole BEAM module from its instructions' control-flow roles.
pub mod from_beam;
pub mod graph;

pub use graph::{Block, BlockId, Cfg, CfgError, Terminator};
