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
// The runtime's entry points are what an engine calls (the primitives, `Vm::new`): a build
// without one (`--no-default-features`, the wasm32 build until its engine lands) compiles
// every room but reaches none of them, so its dead-code lint says nothing; the native build's
// does.
#[cfg_attr(not(has_engine), allow(dead_code))]
pub mod runtime;
pub mod stackify;
