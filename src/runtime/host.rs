//! The runtime's state beside the linear memory: atoms, the allocator, the pending exception,
//! the module registry, the processes, bit-syntax state. Engine-neutral: what primitives and
//! BIFs reach through `Machine::host`.

use std::collections::HashMap;

use crate::abi::{Mode, TraceInfo};

use super::api::VmOptions;
use super::code::{CodePath, Loaded};
use super::data::bits;
use super::exception::{Class, Exception};
use super::memory::allocator::Allocator;
use super::process::Processes;
use super::term::atoms::AtomTable;

/// `(module, function, arity)`.
type Mfa = (String, String, u32);

pub(super) struct Host {
    pub(super) atoms: AtomTable,
    pub(super) allocator: Allocator,
    pub(super) gc_stress: bool,
    /// The exception most recently raised in the running process: class and reason term. A
    /// guard that fails leaves one behind; only `handle_error` makes it the process's fate.
    pub(super) exception: Option<Exception>,
    /// The exception the running process is ending with (no handler caught it).
    pub(super) uncaught: Option<(Class, u32)>,
    /// The stack trace of the uncaught exception (its raw form `{Class, Frames}`).
    pub(super) uncaught_trace: Option<u32>,
    /// Exported functions by `(module atom, function atom, arity)`: their entry continuation.
    pub(super) exports: HashMap<(u32, u32, u32), u32>,
    /// Every process, the run queue, names and timers.
    pub(super) procs: Processes,
    /// Per-label mode: the address of the array of each module's first table index.
    pub(super) label_bases: u32,
    /// Loaded modules by index (index 0, the exit function's slot, is `None`), and by name.
    pub(super) loaded: Vec<Option<Loaded>>,
    pub(super) by_name: HashMap<String, u32>,
    /// Where modules not loaded yet are found, and how they are compiled.
    pub(super) code_path: CodePath,
    pub(super) mode: Mode,
    /// Per loaded module (by index): what stack traces need to know about its code.
    pub(super) traces: Vec<TraceInfo>,
    /// A runtime fault (a bug or corrupted memory), reported instead of an Erlang exception.
    pub(super) fault: Option<String>,
    /// Per loaded module (by index): its name and imports, for `undef` reasons.
    pub(super) modules: Vec<(String, Vec<Mfa>)>,
    /// Bit syntax: the binary under construction and the processes' off-heap binaries.
    pub(super) bits: bits::State,
}

impl Host {
    /// The state of a new VM: no module loaded (index 0 is the exit function's), no process.
    pub(super) fn new(options: &VmOptions) -> Host {
        Host {
            atoms: AtomTable::new(),
            allocator: Allocator::new(options.memory_limit),
            gc_stress: options.gc_stress,
            exception: None,
            uncaught: None,
            uncaught_trace: None,
            traces: vec![TraceInfo::default()],
            exports: HashMap::new(),
            procs: Processes::default(),
            label_bases: 0,
            loaded: vec![None],
            by_name: HashMap::new(),
            code_path: CodePath {
                dirs: options.code_path.clone(),
            },
            mode: options.mode,
            fault: None,
            modules: vec![("$exit".to_string(), Vec::new())],
            bits: Default::default(),
        }
    }
}
