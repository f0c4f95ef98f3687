//! The engine: what executes the generated WASM. Everything that names wasmtime lives here;
//! the rest of the runtime reaches the engine through `runtime::machine::Machine`.

pub(super) mod cache;
pub(super) mod glue;
