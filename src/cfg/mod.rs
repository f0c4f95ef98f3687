//! Control-flow graphs: a small generic CFG type, independent of BEAM so that the stackifier
//! can be tested and fuzzed on its own. Lowering (`codegen`) builds the graph of a BEAM module
//! (`codegen::module_cfg`), its blocks holding their WASM code.
pub mod graph;

pub use graph::{Block, BlockId, Cfg, CfgError, Terminator};
