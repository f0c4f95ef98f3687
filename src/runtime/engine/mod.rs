//! The engine: wasmtime, executing the generated WASM. This is the only code that names
//! wasmtime; the rest of the runtime reaches it through `runtime::machine::{Machine, Engine}`.
//! `store` holds the store and its data (the runtime's `Host` beside the wasmtime handles),
//! instantiation and running a slice; `host_functions` the primitives' host functions;
//! `cache` Cranelift's output on disk; `glue` the runtime's own modules (engine-neutral).

mod cache;
pub(super) mod glue;
mod host_functions;
mod store;

pub(super) use store::new;
pub use store::wasmtime_config;
