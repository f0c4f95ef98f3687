//! The engine: wasmtime, executing the generated WASM. This is the only code that names
//! wasmtime; the rest of the runtime reaches it through `runtime::machine::{Machine, Engine}`.
//! `store` holds the store and its data (the runtime's `Host` beside the wasmtime handles),
//! instantiation and running a slice; `host_functions` the primitives' host functions;
//! `cache` Cranelift's output on disk; `glue` the runtime's own modules (engine-neutral).
//!
//! All of it is the feature `wasmtime` (a default one), and so is `Vm::new`, which makes a
//! VM on this engine. Without it (the `wasm32-unknown-unknown` build) this module is empty:
//! the runtime builds, and a VM needs another engine behind the same boundary.

#[cfg(feature = "wasmtime")]
mod cache;
#[cfg(feature = "wasmtime")]
pub(super) mod glue;
#[cfg(feature = "wasmtime")]
mod host_functions;
#[cfg(feature = "wasmtime")]
mod store;

#[cfg(feature = "wasmtime")]
pub use store::wasmtime_config;

#[cfg(feature = "wasmtime")]
impl super::Vm {
    /// A VM on the wasmtime engine.
    pub fn new(options: super::VmOptions) -> Result<super::Vm, super::RuntimeError> {
        let host = super::host::Host::new(&options);
        super::Vm::on_engine(store::new(host, &options)?)
    }
}
