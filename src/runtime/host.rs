//! The runtime's state beside the linear memory: atoms, the allocator, the pending exception,
//! the module registry, the processes, bit-syntax state. Engine-neutral: what primitives and
//! BIFs reach through `Machine::host`.

use crate::abi::term::Term;
use crate::abi::Mode;
use crate::codegen::CompileOptions;

use super::api::VmOptions;
use super::bifs::init::CommandLine;
use super::code::{CodePath, Modules};
use super::data::bits;
use super::error::Fault;
use super::exception::{Class, Exception};
use super::memory::allocator::Allocator;
use super::process::Processes;
use super::scheduler::Halt;
use super::term::atoms::AtomTable;

/// The runtime's state, beside the linear memory.
pub(super) struct Host {
    pub(super) atoms: AtomTable,
    pub(super) allocator: Allocator,
    pub(super) gc_stress: bool,
    /// The exception most recently raised in the running process: class and reason term. A
    /// guard that fails leaves one behind; only `handle_error` makes it the process's fate.
    pub(super) exception: Option<Exception>,
    /// The exception the running process is ending with (no handler caught it).
    pub(super) uncaught: Option<(Class, Term)>,
    /// The stack trace of the uncaught exception (its raw form `{Class, Frames}`).
    pub(super) uncaught_trace: Option<Term>,
    /// Every process, the run queue, names and timers.
    pub(super) procs: Processes,
    /// Per-label mode: the address of the array of each module's first table index.
    pub(super) label_bases: u32,
    /// The loaded modules and where more are found.
    pub(super) code: Modules,
    /// How modules loaded from the code path are compiled (the program's mode).
    pub(super) mode: Mode,
    /// A runtime fault (a bug or corrupted memory), reported instead of an Erlang exception.
    pub(super) fault: Option<Fault>,
    /// Bit syntax: the binary under construction and the processes' off-heap binaries.
    pub(super) bits: bits::State,
    /// Whether an error report went to standard error (`beamwasm:put_error_bytes/1`, the
    /// Elixir runner's report of an uncaught exception).
    pub(super) error_reported: bool,
    /// Compiled regular expressions (`re`), by their pattern binary.
    pub(super) regexes: crate::runtime::data::re::Cache,
    /// Open files, `prim_buffer`s and the sandbox (`runtime::files`).
    pub(super) files: crate::runtime::files::Files,
    /// The flags and plain arguments `init:get_arguments/0` and friends return.
    pub(super) command_line: CommandLine,
    /// How the run ends when a process has called `erlang:halt` (the scheduler stops there).
    pub(super) halt: Option<Halt>,
    /// `erlang:system_flag(system_logger, _)`'s process (a pid or atom term), once set.
    pub(super) system_logger: Option<Term>,
    /// `atomics` and `counters` arrays (`runtime::data::atomics`).
    pub(super) atomics: crate::runtime::data::atomics::Atomics,
    /// `init:stop/0,1`'s status (or message), for the end of the caller's slice.
    pub(super) stop_requested: Option<Result<i64, String>>,
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
            error_reported: false,
            uncaught_trace: None,
            procs: Processes::default(),
            label_bases: 0,
            code: Modules::new(CodePath::new(options.code_path.clone())),
            mode: options.mode,
            fault: None,
            bits: Default::default(),
            regexes: Default::default(),
            files: crate::runtime::files::Files::new(crate::runtime::files::sandbox::Sandbox::new(
                &options.dirs,
                options.allow_cmd,
            )),
            command_line: options.command_line.clone(),
            halt: None,
            stop_requested: None,
            system_logger: None,
            atomics: Default::default(),
        }
    }

    /// How a module this program loads is compiled: in its mode, for its collection setting.
    pub(super) fn compile_options(&self) -> CompileOptions {
        CompileOptions {
            mode: self.mode,
            gc_stress: self.gc_stress,
        }
    }
}
