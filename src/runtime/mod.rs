//! Executing compiled modules. `api` is the `Vm` (with `values`, Erlang terms as Rust
//! values); `scheduler` runs its processes on an engine, reached only through the boundary of
//! `machine` (`engine` holds the one in use, and is empty in a build without one).
//! `primitives` are what generated code calls, `bifs` the BIFs, and the rooms below them hold
//! terms (`term`), compound data (`data`), linear memory and the collector (`memory`),
//! processes (`process`), exceptions (`exception`), loaded code (`code`) and files and
//! commands behind the sandbox (`files`); `host` is the runtime's state, `error` its errors and
//! `clock` its time.

mod api;
mod bifs;
mod clock;
mod code;
mod data;
pub mod engine;
mod error;
mod exception;
mod files;
mod host;
mod machine;
mod memory;
mod primitives;
mod process;
mod scheduler;
mod term;

pub use api::values::{CallError, ErlValue, ErlangError};
pub use api::{Vm, VmOptions};
pub use bifs::init::CommandLine;
/// Where a wasm32 embedder's time comes from (`clock`).
#[cfg(all(target_arch = "wasm32", target_os = "unknown"))]
pub use clock::{set_host_clock, HostClock};
pub use code::{implements, is_built_in, CodePath, BOOT, ELIXIR_RUNNER};
pub use error::{Fault, Limit, RuntimeError};
pub use scheduler::{CrashReport, Halt, Outcome};
