//! beamwasm: compile BEAM modules (`.beam` files from `erlc`) to WebAssembly, and run them.
//!
//! The pipeline, one folder per stage (see `docs/ARCHITECTURE.md`):
//! `beam` (read .beam) -> `codegen` (BEAM ops to blocks of WASM, the module's `cfg` graph,
//! which `stackify` turns into structured control flow) -> `runtime` (execute). `abi` is the
//! contract both `codegen` and `runtime` read.
pub mod abi;
pub mod beam;
pub mod cfg;
pub mod codegen;
pub mod runtime;
pub mod stackify;
