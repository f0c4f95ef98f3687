//! beamwasm: compile BEAM modules (`.beam` files from `erlc`) to WebAssembly, and run them.
//!
//! The pipeline, one folder per stage (see `docs/ARCHITECTURE.md`):
//! `beam` (read .beam) -> `cfg` (labels to graph) -> `stackify` (graph to structured control
//! flow) -> `codegen` (BEAM ops to WASM) -> `runtime` (execute). `abi` is the contract both
//! `codegen` and `runtime` read.
pub mod abi;
pub mod beam;
pub mod cfg;
pub mod codegen;
pub mod runtime;
pub mod stackify;
