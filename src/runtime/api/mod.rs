//! The `Vm`, the runtime's public API: made on an engine (`runtime::machine::Engine`) with its
//! options, it loads and links compiled modules (or `.beam` files, compiled on the way) and
//! runs `Module:Function()` (`call`, the `~w` text of the outcome) or
//! `Module:Function(Args...)` with Rust values (`apply`, `values`) through the scheduler.

use crate::abi::term::Term;
use crate::abi::{cp, CompiledModule, Mode, Primitive};

pub(super) mod values;

use self::values::{CallError, ErlValue, ErlangError};
use super::bifs::init::CommandLine;
use super::error::{Fault, RuntimeError};
use super::machine::{Engine, Machine, PRIMITIVE_SLOTS, TABLE_INDEX_BYTES};
use super::memory::ensure_backed;
use super::scheduler::Outcome;
use super::term::heap::{Heap, HeapWriter};

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
    /// Only the wasmtime engine (feature `wasmtime`) has such a cache.
    pub cache_dir: Option<std::path::PathBuf>,
    /// The directories programs may reach files under (`file`, `filelib`, ...): anything
    /// else gets `{error, eacces}`. Default: none.
    pub dirs: Vec<std::path::PathBuf>,
    /// Whether programs may run commands (`os:cmd/1,2`). Default: no.
    pub allow_cmd: bool,
    /// The emulator flags and plain arguments `init:get_arguments/0`,
    /// `get_argument/1` and `get_plain_arguments/0` return.
    pub command_line: CommandLine,
}

impl Default for VmOptions {
    fn default() -> Self {
        VmOptions {
            memory_limit: 2 << 30,
            gc_stress: false,
            code_path: Vec::new(),
            mode: Mode::Single,
            cache_dir: None,
            dirs: Vec::new(),
            allow_cmd: false,
            command_line: CommandLine::default(),
        }
    }
}

pub struct Vm {
    /// The engine running the code, with the runtime's state.
    pub(super) engine: Box<dyn Engine>,
    /// The address of the table indices of the primitives (`docs/abi.md` §6).
    pub(super) native_interface: u32,
    /// The `~w` text of the stack trace of the last run's uncaught exception.
    pub(super) last_stacktrace: Option<Vec<u8>>,
    /// `apply`: convert the main process's result (or exception) to a Rust value.
    pub(super) want_values: bool,
    pub(super) last_value: Option<Result<ErlValue, ErlangError>>,
    /// What `erl` would have printed for the last run's crash of the main process.
    pub(super) last_crash: Option<super::scheduler::CrashReport>,
}

impl Vm {
    /// A VM on `engine` (which holds a `Host::new` of the VM's options): the native interface
    /// and `label_bases` allocated and written. `Vm::new` (in `engine`) makes the engine.
    pub(super) fn on_engine(mut engine: Box<dyn Engine>) -> Result<Vm, RuntimeError> {
        let native_interface = engine
            .host_mut()
            .allocator
            .allocate(TABLE_INDEX_BYTES * Primitive::ALL.len() as u32)?;
        let label_bases = engine
            .host_mut()
            .allocator
            .allocate(TABLE_INDEX_BYTES * cp::MAX_MODULES)?;
        engine.host_mut().label_bases = label_bases;
        let mut vm = Vm {
            engine,
            native_interface,
            last_stacktrace: None,
            want_values: false,
            last_value: None,
            last_crash: None,
        };
        vm.back_memory()?;
        for &primitive in Primitive::ALL {
            vm.write_u32(
                native_interface + TABLE_INDEX_BYTES * primitive as u32,
                PRIMITIVE_SLOTS + primitive as u32,
            )?;
        }
        Ok(vm)
    }

    fn back_memory(&mut self) -> Result<(), RuntimeError> {
        // Backing memory fails only in the engine: its message, as any engine error.
        ensure_backed(&mut *self.engine).map_err(|fault| match fault {
            Fault::Engine(message) => RuntimeError::Engine(message),
            other => RuntimeError::Fault(other),
        })
    }

    /// The engine as the runtime's code sees it.
    pub(super) fn machine(&mut self) -> &mut dyn Machine {
        &mut *self.engine
    }

    pub(super) fn write_word(&mut self, address: u32, value: Term) -> Result<(), RuntimeError> {
        HeapWriter::new(self.engine.memory_mut(), 0, 0)
            .set_word(address, value)
            .map_err(RuntimeError::from)
    }

    /// Writes a 4-byte field (a table index, a module index, the reductions), not a word.
    pub(super) fn write_u32(&mut self, address: u32, value: u32) -> Result<(), RuntimeError> {
        crate::runtime::memory::gc::set_address(self.engine.memory_mut(), address, value)
            .map_err(RuntimeError::from)
    }

    pub(super) fn read(&self, address: u32) -> Result<Term, RuntimeError> {
        Heap::new(self.engine.memory())
            .word(address)
            .map_err(RuntimeError::from)
    }

    /// Loads a compiled module: lays out its atoms and literals, instantiates it, and gives it
    /// a table slot. Imports are resolved by `link`.
    pub fn load(&mut self, compiled: CompiledModule) -> Result<u32, RuntimeError> {
        crate::runtime::code::load(self.machine(), compiled, None)
    }

    /// `load` for a module compiled from the `.beam` file `file` (which `code:is_loaded/1`
    /// and `code:which/1` then name).
    pub fn load_from(
        &mut self,
        compiled: CompiledModule,
        file: &std::path::Path,
    ) -> Result<u32, RuntimeError> {
        crate::runtime::code::load(self.machine(), compiled, Some(file))
    }

    pub(super) fn export_continuation(
        &self,
        module: &str,
        function: &str,
        arity: u32,
    ) -> Option<u64> {
        self.engine
            .host()
            .code
            .export_continuation(module, function, arity)
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

    /// `call` with arguments: runs `module:function(Args...)`, Rust values converted to terms.
    pub fn call_with(
        &mut self,
        module: &str,
        function: &str,
        args: &[ErlValue],
    ) -> Result<Outcome, CallError> {
        let values = {
            let atoms = &mut self.engine.host_mut().atoms;
            args.iter()
                .map(|a| values::to_value(atoms, a, 0))
                .collect::<Result<Vec<_>, _>>()?
        };
        Ok(self.run_main(module, function, values)?)
    }

    /// Runs `module:function(Args...)` like `call`, with Rust values converted to terms, and
    /// converts the result (or the uncaught exception) back (`api::values`).
    pub fn apply(
        &mut self,
        module: &str,
        function: &str,
        args: &[ErlValue],
    ) -> Result<ErlValue, CallError> {
        let values = {
            let atoms = &mut self.engine.host_mut().atoms;
            args.iter()
                .map(|a| values::to_value(atoms, a, 0))
                .collect::<Result<Vec<_>, _>>()?
        };
        self.want_values = true;
        let result = self.run_main(module, function, values);
        self.want_values = false;
        result?;
        match self.last_value.take() {
            Some(Ok(v)) => Ok(v),
            Some(Err(e)) => Err(CallError::Exception(e)),
            None => Err(CallError::Runtime(RuntimeError::Fault(Fault::Invariant(
                "the call left no result",
            )))),
        }
    }

    /// Compiles a `.beam` file (in the mode and GC setting the VM was made with) and loads it;
    /// its module's name. Call `link` after loading a program's modules.
    pub fn load_beam_file(&mut self, path: &std::path::Path) -> Result<String, RuntimeError> {
        let options = self.engine.host().compile_options();
        let load_error = |what: String| RuntimeError::Load {
            module: path.display().to_string(),
            what,
        };
        let bytes = std::fs::read(path).map_err(|e| load_error(e.to_string()))?;
        let compiled = crate::codegen::compile_module(&bytes, &options)
            .map_err(|e| load_error(e.to_string()))?;
        let name = compiled.name.clone();
        self.load_from(compiled, path)?;
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
        Some(
            self.engine
                .host()
                .code
                .compiled(module)?
                .exports
                .iter()
                .map(|e| (e.function.clone(), e.arity))
                .collect(),
        )
    }

    /// The `~w` text of the stack trace of the last call's uncaught exception, if it ended so.
    pub fn last_stacktrace(&self) -> Option<&[u8]> {
        self.last_stacktrace.as_deref()
    }

    /// Whether the program wrote an error report to standard error (`beamwasm:put_error_bytes/1`,
    /// as the Elixir runner does for an uncaught exception).
    pub fn error_reported(&self) -> bool {
        self.engine.host().error_reported
    }

    pub fn module_names(&self) -> impl Iterator<Item = &str> {
        self.engine.host().code.names()
    }
}
