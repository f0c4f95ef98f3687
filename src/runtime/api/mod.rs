//! The `Vm` on top of an engine (`runtime::machine::Engine`): the runtime's state (`Host`),
//! writing values to process heaps and collecting them, the BIF dispatch, module loading and
//! the loop that runs processes until the main one finishes (`docs/abi.md`).

use std::collections::HashMap;
use std::time::Instant;

use thiserror::Error;

use crate::abi::term;
use crate::abi::{self, cp, ctx, jit_state, Primitive};
use crate::abi::{CompiledModule, Mode};

pub(super) mod values;

use self::values::{CallError, ErlValue, ErlangError};
use super::exception::Exception;
use super::machine::{Engine, Machine, PRIMITIVE_SLOTS};
use super::process::{self, Part};
use crate::runtime::exception::Class;
use crate::runtime::memory::allocator::{Allocator, OutOfMemory};
use crate::runtime::memory::gc::{Block, Layout};
use crate::runtime::memory::heap_alloc::MAX_HEAP_EXCEEDED;
use crate::runtime::memory::{ensure_backed, MIN_BLOCK};
use crate::runtime::term::atoms::AtomTable;
use crate::runtime::term::heap::{Heap, HeapWriter, TermError};
use crate::runtime::term::print::write_term;
use crate::runtime::term::value::Value;

#[derive(Debug, Error)]
pub enum RuntimeError {
    /// The engine failed (compiling, instantiating, growing memory): its message, which
    /// names it.
    #[error("{0}")]
    Engine(String),
    #[error("loading {module}: {what}")]
    Load { module: String, what: String },
    #[error("module {0} is loaded twice")]
    DuplicateModule(String),
    #[error("{module}:{function}/{arity} is not exported by a loaded module")]
    NoSuchFunction {
        module: String,
        function: String,
        arity: u32,
    },
    #[error("trap in generated code: {0}")]
    Trap(String),
    #[error("runtime fault: {0}")]
    Fault(String),
    #[error("deadlock: {0}")]
    Deadlock(String),
    #[error(transparent)]
    OutOfMemory(#[from] OutOfMemory),
}

#[derive(Clone, Debug)]
pub struct VmOptions {
    /// Bytes of linear memory the whole program may use.
    pub memory_limit: u32,
    /// Collect at every allocation point (generated code must be compiled with `gc_stress`).
    pub gc_stress: bool,
    /// Directories searched for `<module>.beam` when code calls a module that is not loaded.
    pub code_path: Vec<std::path::PathBuf>,
    /// How modules loaded from the code path are compiled (the program's mode).
    pub mode: Mode,
    /// A directory for Cranelift's output, reused by later runs (`None`: compile every time).
    pub cache_dir: Option<std::path::PathBuf>,
}

impl Default for VmOptions {
    fn default() -> Self {
        VmOptions {
            memory_limit: 2 << 30,
            gc_stress: false,
            code_path: Vec::new(),
            mode: Mode::Single,
            cache_dir: None,
        }
    }
}

/// How a call into Erlang ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// The `~w` text of the returned term (latin1 bytes, as `erl` writes them).
    Returned(Vec<u8>),
    /// An uncaught exception: its class and the `~w` text of its reason.
    Raised {
        class: &'static str,
        reason: Vec<u8>,
    },
}

/// `(module, function, arity)`.
type Mfa = (String, String, u32);

/// The runtime's state, beside the linear memory: what primitives and BIFs reach through
/// `Machine::host`.
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
    pub(super) procs: super::process::Processes,
    /// Per-label mode: the address of the array of each module's first table index.
    pub(super) label_bases: u32,
    /// Loaded modules by index (index 0, the exit function's slot, is `None`), and by name.
    pub(super) loaded: Vec<Option<crate::runtime::code::Loaded>>,
    pub(super) by_name: HashMap<String, u32>,
    /// Where modules not loaded yet are found, and how they are compiled.
    pub(super) code_path: crate::runtime::code::CodePath,
    pub(super) mode: Mode,
    /// Per loaded module (by index): what stack traces need to know about its code.
    pub(super) traces: Vec<crate::abi::TraceInfo>,
    /// A runtime fault (a bug or corrupted memory), reported instead of an Erlang exception.
    pub(super) fault: Option<String>,
    /// Per loaded module (by index): its name and imports, for `undef` reasons.
    pub(super) modules: Vec<(String, Vec<Mfa>)>,
    /// Bit syntax: the binary under construction and the processes' off-heap binaries.
    pub(super) bits: crate::runtime::data::bits::State,
}

pub struct Vm {
    /// The engine running the code, with the runtime's state.
    engine: Box<dyn Engine>,
    native_interface: u32,
    /// The `~w` text of the stack trace of the last run's uncaught exception.
    last_stacktrace: Option<Vec<u8>>,
    /// `apply`: convert the main process's result (or exception) to a Rust value.
    want_values: bool,
    last_value: Option<Result<ErlValue, ErlangError>>,
}

fn read_word(mem: &[u8], address: u32) -> Result<u32, TermError> {
    Heap::new(mem).word(address)
}

impl Vm {
    pub fn new(options: VmOptions) -> Result<Vm, RuntimeError> {
        let host = Host {
            atoms: AtomTable::new(),
            allocator: Allocator::new(options.memory_limit),
            gc_stress: options.gc_stress,
            exception: None,
            uncaught: None,
            uncaught_trace: None,
            traces: vec![crate::abi::TraceInfo::default()],
            exports: HashMap::new(),
            procs: super::process::Processes::default(),
            label_bases: 0,
            loaded: vec![None],
            by_name: HashMap::new(),
            code_path: crate::runtime::code::CodePath {
                dirs: options.code_path.clone(),
            },
            mode: options.mode,
            fault: None,
            modules: vec![("$exit".to_string(), Vec::new())],
            bits: Default::default(),
        };
        let mut engine = super::engine::new(host, &options)?;
        let native_interface = engine
            .host_mut()
            .allocator
            .allocate(4 * Primitive::ALL.len() as u32)?;
        let label_bases = engine.host_mut().allocator.allocate(4 * cp::MAX_MODULES)?;
        engine.host_mut().label_bases = label_bases;
        let mut vm = Vm {
            engine,
            native_interface,
            last_stacktrace: None,
            want_values: false,
            last_value: None,
        };
        vm.back_memory()?;
        for &primitive in Primitive::ALL {
            vm.write_word(
                native_interface + 4 * primitive as u32,
                PRIMITIVE_SLOTS + primitive as u32,
            )?;
        }
        Ok(vm)
    }

    fn back_memory(&mut self) -> Result<(), RuntimeError> {
        ensure_backed(&mut *self.engine).map_err(RuntimeError::Engine)
    }

    /// The engine as the runtime's code sees it.
    fn machine(&mut self) -> &mut dyn Machine {
        &mut *self.engine
    }

    fn write_word(&mut self, address: u32, value: u32) -> Result<(), RuntimeError> {
        HeapWriter::new(self.engine.memory_mut(), 0, 0)
            .set_word(address, value)
            .map_err(|e| RuntimeError::Fault(e.to_string()))
    }

    fn read(&self, address: u32) -> Result<u32, RuntimeError> {
        read_word(self.engine.memory(), address).map_err(|e| RuntimeError::Fault(e.to_string()))
    }

    /// Loads a compiled module: lays out its atoms and literals, instantiates it, and gives it
    /// a table slot. Imports are resolved by `link`.
    pub fn load(&mut self, compiled: CompiledModule) -> Result<u32, RuntimeError> {
        crate::runtime::code::load(self.machine(), compiled)
    }

    fn export_continuation(&self, module: &str, function: &str, arity: u32) -> Option<u32> {
        crate::runtime::code::export_continuation(self.engine.host(), module, function, arity)
    }

    /// Resolves every loaded module's imports against the exports of the loaded modules.
    pub fn link(&mut self) -> Result<(), RuntimeError> {
        crate::runtime::code::link(self.machine())
    }

    /// Loads `module` from the code path if it is not loaded yet; `false` if it is not there.
    pub fn ensure_loaded(&mut self, module: &str) -> Result<bool, RuntimeError> {
        crate::runtime::code::ensure_loaded(self.machine(), module)
    }

    /// Runs `module:function()` in a new (main) process, scheduling every process it spawns,
    /// until the main process finishes. Processes still alive then are ended.
    pub fn call(&mut self, module: &str, function: &str) -> Result<Outcome, RuntimeError> {
        self.run_main(module, function, Vec::new())
    }

    /// Runs `module:function(Args...)` like `call`, with Rust values converted to terms, and
    /// converts the result (or the uncaught exception) back (`runtime::api`).
    pub fn apply(
        &mut self,
        module: &str,
        function: &str,
        args: &[ErlValue],
    ) -> Result<ErlValue, CallError> {
        let values = {
            let atoms = &mut self.engine.host_mut().atoms;
            args.iter()
                .map(|a| crate::runtime::api::values::to_value(atoms, a, 0))
                .collect::<Result<Vec<_>, _>>()?
        };
        self.want_values = true;
        let result = self.run_main(module, function, values);
        self.want_values = false;
        result?;
        match self.last_value.take() {
            Some(Ok(v)) => Ok(v),
            Some(Err(e)) => Err(CallError::Exception(e)),
            None => Err(CallError::Runtime(RuntimeError::Fault(
                "the call left no result".into(),
            ))),
        }
    }

    /// Compiles a `.beam` file (in the mode and GC setting the VM was made with) and loads it;
    /// its module's name. Call `link` after loading a program's modules.
    pub fn load_beam_file(&mut self, path: &std::path::Path) -> Result<String, RuntimeError> {
        let host = self.engine.host();
        let options = crate::codegen::CompileOptions {
            mode: host.mode,
            gc_stress: host.gc_stress,
        };
        let load_error = |what: String| RuntimeError::Load {
            module: path.display().to_string(),
            what,
        };
        let bytes = std::fs::read(path).map_err(|e| load_error(e.to_string()))?;
        let compiled = crate::codegen::compile_module(&bytes, &options)
            .map_err(|e| load_error(e.to_string()))?;
        let name = compiled.name.clone();
        self.load(compiled)?;
        Ok(name)
    }

    /// Loads every `.beam` file of a directory (not recursively) and links; their names.
    pub fn load_dir(&mut self, dir: &std::path::Path) -> Result<Vec<String>, RuntimeError> {
        let entries = std::fs::read_dir(dir).map_err(|e| RuntimeError::Load {
            module: dir.display().to_string(),
            what: e.to_string(),
        })?;
        let mut paths: Vec<_> = entries
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "beam"))
            .collect();
        paths.sort();
        let mut names = Vec::new();
        for path in paths {
            names.push(self.load_beam_file(&path)?);
        }
        self.link()?;
        Ok(names)
    }

    /// The `(function, arity)` pairs a loaded module exports.
    pub fn exports(&self, module: &str) -> Option<Vec<(String, u32)>> {
        let host = self.engine.host();
        let index = *host.by_name.get(module)?;
        let loaded = host.loaded.get(index as usize)?.as_ref()?;
        Some(
            loaded
                .compiled
                .exports
                .iter()
                .map(|e| (e.function.clone(), e.arity))
                .collect(),
        )
    }

    fn run_main(
        &mut self,
        module: &str,
        function: &str,
        args: Vec<Value>,
    ) -> Result<Outcome, RuntimeError> {
        self.ensure_loaded(module)?;
        let arity = args.len() as u32;
        let start = self
            .export_continuation(module, function, arity)
            .ok_or_else(|| RuntimeError::NoSuchFunction {
                module: module.to_string(),
                function: function.to_string(),
                arity,
            })?;
        let host = self.engine.host_mut();
        host.exception = None;
        host.uncaught = None;
        host.uncaught_trace = None;
        host.fault = None;
        // The arguments go to the main process's heap before it runs: room for them all.
        let words: u64 = args.iter().map(Value::words).sum();
        let heap = u32::try_from(8 * words + MIN_BLOCK as u64)
            .map_err(|_| RuntimeError::Fault("arguments of 512 MiB or more".into()))?;
        let main = process::create(self.machine(), heap).map_err(RuntimeError::Fault)?;
        if !args.is_empty() {
            let context = self.engine.host().procs.table[&main].context;
            let mem = self.engine.memory_mut();
            let fault = |e: TermError| RuntimeError::Fault(e.to_string());
            let layout = Layout::read(mem, context).map_err(fault)?;
            let mut writer = HeapWriter::new(mem, layout.heap_top, layout.e);
            let mut terms = Vec::with_capacity(args.len());
            for arg in &args {
                terms.push(arg.write(&mut writer).map_err(fault)?);
            }
            let top = writer.top();
            let mut words = HeapWriter::new(mem, 0, 0);
            words
                .set_word(context + ctx::HEAP_TOP, top)
                .map_err(fault)?;
            for (i, t) in terms.into_iter().enumerate() {
                words
                    .set_word(context + ctx::x(i as u32), t)
                    .map_err(fault)?;
            }
        }
        {
            let procs = &mut self.engine.host_mut().procs;
            if let Some(p) = procs.table.get_mut(&main) {
                p.continuation = start;
            }
            procs.run_queue.push_back(main);
        }
        let result = self.schedule(main);
        // Whatever is still alive ends with the run.
        let alive: Vec<u32> = self.engine.host().procs.table.keys().copied().collect();
        let shutdown = term::atom(self.engine.host_mut().atoms.intern("shutdown"));
        for pid in alive {
            if let Some(p) = self.engine.host_mut().procs.table.get_mut(&pid) {
                p.links.clear();
                p.monitored_by.clear();
            }
            process::exit(&mut *self.engine, pid, shutdown).map_err(RuntimeError::Fault)?;
        }
        let procs = &mut self.engine.host_mut().procs;
        procs.run_queue.clear();
        procs.registry.clear();
        procs.current = None;
        let timers = std::mem::take(&mut procs.timers);
        for timer in timers.into_values() {
            if let process::Timer::Message {
                block: Some(block), ..
            } = timer
            {
                self.engine
                    .host_mut()
                    .allocator
                    .release(block.start, block.len());
            }
        }
        result
    }

    /// Runs processes until `main` finishes: its outcome.
    fn schedule(&mut self, main: u32) -> Result<Outcome, RuntimeError> {
        loop {
            let next_deadline = process::fire_timers(self.engine.host_mut());
            let Some(pid) = self.engine.host_mut().procs.run_queue.pop_front() else {
                match next_deadline {
                    Some(deadline) => {
                        std::thread::sleep(deadline.saturating_duration_since(Instant::now()));
                        continue;
                    }
                    None => {
                        return Err(RuntimeError::Deadlock(
                            "every process waits for a message and no timer is pending".into(),
                        ))
                    }
                }
            };
            let Some(p) = self.engine.host().procs.table.get(&pid) else {
                continue;
            };
            let (context, state, continuation, pending_exit) =
                (p.context, p.state, p.continuation, p.pending_exit);
            if let Some(reason) = pending_exit {
                if pid == main {
                    return self.main_exited(context, Some(reason));
                }
                process::exit(&mut *self.engine, pid, reason).map_err(RuntimeError::Fault)?;
                continue;
            }
            let finished = self.run_slice(pid, context, state, continuation)?;
            if let Some(p) = self.engine.host().procs.table.get(&pid) {
                if let Some(reason) = p.pending_exit {
                    // Killed while it ran (an exit signal, or over its max_heap_size).
                    if pid == main {
                        return self.main_exited(context, Some(reason));
                    }
                    process::exit(&mut *self.engine, pid, reason).map_err(RuntimeError::Fault)?;
                    continue;
                }
            }
            match finished {
                Some(()) if pid == main => return self.main_exited(context, None),
                Some(()) => {
                    let reason = self.exit_reason(context).map_err(RuntimeError::Fault)?;
                    process::exit(&mut *self.engine, pid, reason.0).map_err(RuntimeError::Fault)?;
                    if let Some(block) = reason.1 {
                        self.engine
                            .host_mut()
                            .allocator
                            .release(block.start, block.len());
                    }
                }
                None => {
                    let procs = &mut self.engine.host_mut().procs;
                    if let Some(p) = procs.table.get(&pid) {
                        if p.status == process::Status::Runnable {
                            procs.run_queue.push_back(pid);
                        }
                    }
                }
            }
        }
    }

    /// Runs one slice of process `pid`: `Some(())` when it finished, `None` when it yielded or
    /// parked (its continuation saved).
    fn run_slice(
        &mut self,
        pid: u32,
        context: u32,
        state: u32,
        continuation: u32,
    ) -> Result<Option<()>, RuntimeError> {
        let index = cp::module(continuation);
        match self.engine.host().loaded.get(index as usize) {
            Some(Some(_)) => {}
            // Module 0: the continuation of a finished process.
            _ if index == 0 => return Ok(Some(())),
            _ => {
                return Err(RuntimeError::Fault(format!(
                    "continuation into unknown module {index}"
                )))
            }
        }
        self.engine.host_mut().procs.current = Some(pid);
        self.write_word(state + jit_state::MODULE, index)?;
        self.write_word(state + jit_state::CONTINUATION, abi::CONTINUATION_EXIT)?;
        self.write_word(
            state + jit_state::REMAINING_REDUCTIONS,
            abi::REDUCTIONS_PER_SLICE as u32,
        )?;
        let result = self
            .engine
            .run(continuation, context, state, self.native_interface);
        self.engine.host_mut().procs.current = None;
        result?;
        if let Some(fault) = self.engine.host_mut().fault.take() {
            let killed = self
                .engine
                .host()
                .procs
                .table
                .get(&pid)
                .is_some_and(|p| p.pending_exit.is_some());
            if !(killed && fault == MAX_HEAP_EXCEEDED) {
                return Err(RuntimeError::Fault(fault));
            }
        }
        let next = self.read(state + jit_state::CONTINUATION)?;
        if next == abi::CONTINUATION_EXIT || cp::module(next) == 0 {
            return Ok(Some(()));
        }
        if let Some(p) = self.engine.host_mut().procs.table.get_mut(&pid) {
            p.continuation = next;
        }
        Ok(None)
    }

    /// The exit reason of a process that finished (a term, and the block holding it): `normal`,
    /// or from its uncaught exception — `{Reason, Stack}` for an error, `Reason` for an exit,
    /// `{{nocatch, Reason}, Stack}` for a throw.
    fn exit_reason(&mut self, _context: u32) -> Result<(u32, Option<Block>), String> {
        let host = self.engine.host_mut();
        let trace = host.uncaught_trace.take();
        let Some((class, reason)) = host.uncaught.take() else {
            return Ok((term::atom(host.atoms.intern("normal")), None));
        };
        let frames = trace
            .and_then(|raw| match term::shape(raw) {
                term::Shape::Boxed(address) => read_word(self.engine.memory(), address + 8).ok(),
                _ => None,
            })
            .unwrap_or(term::NIL);
        let parts = match class {
            Class::Exit => Part::Term(reason),
            Class::Error => Part::Tuple(vec![Part::Term(reason), Part::Term(frames)]),
            Class::Throw => {
                let nocatch = term::atom(self.engine.host_mut().atoms.intern("nocatch"));
                Part::Tuple(vec![
                    Part::Tuple(vec![Part::Term(nocatch), Part::Term(reason)]),
                    Part::Term(frames),
                ])
            }
        };
        process::copy_message(self.machine(), &[parts])
    }

    /// The main process has ended (`killed`: by an exit signal, with that reason).
    fn main_exited(&mut self, context: u32, killed: Option<u32>) -> Result<Outcome, RuntimeError> {
        if let Some(reason) = killed {
            let mut text = Vec::new();
            let (mem, host) = self.engine.split();
            write_term(Heap::new(mem), &host.atoms, reason, &mut text)
                .map_err(|e| RuntimeError::Fault(e.to_string()))?;
            if self.want_values {
                let reason =
                    crate::runtime::api::values::from_term(Heap::new(mem), &host.atoms, reason, 0)
                        .map_err(|e| RuntimeError::Fault(e.to_string()))?;
                self.last_value = Some(Err(ErlangError {
                    class: "exit".into(),
                    reason,
                    stacktrace: ErlValue::List(Vec::new()),
                }));
            }
            return Ok(Outcome::Raised {
                class: "exit",
                reason: text,
            });
        }
        self.outcome(context)
    }

    /// How the finished process at `context` ended: its uncaught exception, or `x0`.
    fn outcome(&mut self, context: u32) -> Result<Outcome, RuntimeError> {
        let fault = |e: TermError| RuntimeError::Fault(e.to_string());
        let (mem, host) = self.engine.split();
        let heap = Heap::new(mem);
        let mut text = Vec::new();
        self.last_stacktrace = None;
        self.last_value = None;
        Ok(match host.uncaught.take() {
            Some((class, reason)) => {
                write_term(heap, &host.atoms, reason, &mut text).map_err(fault)?;
                // The raw trace is `{Class, Frames}`.
                let frames = match host.uncaught_trace.take().map(term::shape) {
                    Some(term::Shape::Boxed(address)) => heap.word(address + 8).ok(),
                    _ => None,
                };
                if let Some(list) = frames {
                    let mut printed = Vec::new();
                    if write_term(heap, &host.atoms, list, &mut printed).is_ok() {
                        self.last_stacktrace = Some(printed);
                    }
                }
                if self.want_values {
                    let convert =
                        |t| crate::runtime::api::values::from_term(heap, &host.atoms, t, 0);
                    self.last_value = Some(Err(ErlangError {
                        class: class.name().into(),
                        reason: convert(reason).map_err(fault)?,
                        stacktrace: match frames {
                            Some(list) => convert(list).map_err(fault)?,
                            None => ErlValue::List(Vec::new()),
                        },
                    }));
                }
                Outcome::Raised {
                    class: class.name(),
                    reason: text,
                }
            }
            None => {
                let result = read_word(mem, context + ctx::x(0)).map_err(fault)?;
                write_term(heap, &host.atoms, result, &mut text).map_err(fault)?;
                if self.want_values {
                    self.last_value = Some(Ok(crate::runtime::api::values::from_term(
                        heap,
                        &host.atoms,
                        result,
                        0,
                    )
                    .map_err(fault)?));
                }
                Outcome::Returned(text)
            }
        })
    }

    /// The `~w` text of the stack trace of the last call's uncaught exception, if it ended so.
    pub fn last_stacktrace(&self) -> Option<&[u8]> {
        self.last_stacktrace.as_deref()
    }

    pub fn module_names(&self) -> impl Iterator<Item = &str> {
        self.engine
            .host()
            .loaded
            .iter()
            .flatten()
            .map(|m| m.name.as_str())
    }
}
