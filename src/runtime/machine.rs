//! The engine boundary: what the runtime needs from whatever executes the generated WASM.
//! Primitives, BIFs, the loader and the scheduler work on a [`Machine`] (a `&mut dyn
//! Machine`), never on the engine itself, so the runtime does not depend on which engine runs
//! the code; `runtime::engine` is the one it runs on today.
//!
//! A machine is the runtime's state ([`Host`]) beside the program's one linear memory and
//! table. Its methods are coarse on purpose: code takes the memory as a byte slice once and
//! works on that, so no virtual call is made per word.

use crate::abi::{cp, Mode};
use crate::runtime::error::{Fault, RuntimeError};
use crate::runtime::host::Host;

/// The table's layout every engine sets up (`docs/abi.md` §1): the exit function in slot 0,
/// module `i`'s function in slot `i` (`1..4096`), then primitive `p` in slot
/// `PRIMITIVE_SLOTS + p`; per-label modules' functions follow, each module's from the slot
/// [`Machine::instantiate`] gives.
pub(super) const PRIMITIVE_SLOTS: u32 = cp::MAX_MODULES;

/// Bytes of an entry of the native interface and of `label_bases`, arrays of table indices
/// (`i32`s, not words).
pub(super) const TABLE_INDEX_BYTES: u32 = 4;

/// A loaded module's code, for the engine to make callable.
pub(super) struct ModuleCode<'a> {
    /// Its name, for errors.
    pub name: &'a str,
    /// Its module index (`cp`'s module field).
    pub index: u32,
    pub wasm: &'a [u8],
    pub mode: Mode,
    /// The address of its module data record, imported as `env.module_data`.
    pub data: u32,
    /// The dispatcher's label values are `1 .. entry_count`; per-label mode gives each a table
    /// slot, and the labels in `label_functions` a function there (exported as `l{label}`).
    pub entry_count: u32,
    pub label_functions: &'a [u32],
}

/// The runtime's view of the engine from inside a run (a primitive, a BIF) or between runs
/// (loading, creating processes).
pub(super) trait Machine {
    fn host(&self) -> &Host;
    fn host_mut(&mut self) -> &mut Host;
    /// The linear memory.
    fn memory(&self) -> &[u8];
    fn memory_mut(&mut self) -> &mut [u8];
    /// The linear memory and the host at once, for code that reads terms while it updates
    /// the host (interning atoms, recording binaries).
    fn split(&mut self) -> (&mut [u8], &mut Host);
    /// Grows the linear memory to at least `bytes` bytes (whole pages).
    fn grow_memory(&mut self, bytes: u64) -> Result<(), Fault>;
    /// Instantiates a module's code into the shared memory and table, with its data record,
    /// and puts its functions into the table. Returns the table slot of its label 0: `index`
    /// in single-function mode (its `run` is `table[index]`), in per-label mode the base of
    /// its label functions (`label_bases[index]`, `docs/abi.md` §8).
    fn instantiate(&mut self, code: &ModuleCode<'_>) -> Result<u32, RuntimeError>;
    /// Takes a purged version of a module's code out of the table: its slots then hold a
    /// function that records a fault naming the module and ends the slice, for the funs
    /// of that code a program may still hold.
    fn purge_code(&mut self, code: &ModuleCode<'_>) -> Result<(), Fault>;
}

/// What the scheduler needs beyond a [`Machine`]: running generated code.
pub(super) trait Engine: Machine + Send {
    /// Runs the process whose context and JIT state are at `context` and `state` from
    /// `continuation` (a module's code must have been instantiated) until the code returns:
    /// its slice is used up, it parks or it ends (`docs/abi.md` §7). A trap is
    /// `RuntimeError::Trap`.
    fn run(
        &mut self,
        continuation: u64,
        context: u32,
        state: u32,
        native_interface: u32,
    ) -> Result<(), RuntimeError>;
}
