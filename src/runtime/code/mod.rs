//! Code: loading compiled modules into the shared memory and table (atoms interned, literals
//! laid out, the engine instantiating the code), resolving imports, and the module registry —
//! a code path (`path`) searched for `<module>.beam` the first time something calls into a
//! module that is not loaded, compiling it (`codegen::compile_module`) in the program's mode.
//! `calls` resolves calls whose target is known only at run time (the `call` primitive);
//! `bifs` answers the code-loading BIFs.
//!
//! Everything here works on a `Machine` (the `Vm`'s before a run, a primitive's inside one), so
//! a module can be loaded in the middle of a call.

use std::collections::HashMap;
use std::path::PathBuf;

use crate::abi::cp;
use crate::abi::{Bif, CompiledModule, Mode, TraceInfo};
use crate::codegen::compile_module;

use super::machine::{Machine, ModuleCode, TABLE_INDEX_BYTES};
use crate::abi::term::{self, WORD_BYTES};
use crate::runtime::error::RuntimeError;
use crate::runtime::term::heap::HeapWriter;
use crate::runtime::term::literals::{self, LiteralError};

pub(super) mod bifs;
pub(super) mod calls;
pub(super) mod fun_info;
pub(super) mod path;
mod path_bifs;
mod server;

pub use path::CodePath;
pub(crate) use server::loader_may_read;

/// A loaded module, by its index (`cp`'s module field).
struct Loaded {
    name: String,
    /// Its module data record.
    data: u32,
    compiled: CompiledModule,
    /// The absolute name of the `.beam` file it was loaded from (`None`: from bytes).
    file: Option<String>,
}

/// `(module, function, arity)`.
pub(crate) type Mfa = (String, String, u32);

/// The module registry: every loaded module by index and by name, the exported functions,
/// what stack traces need of each module's code, and where modules not loaded yet are found.
pub(crate) struct Modules {
    /// Loaded modules by index (index 0, the exit function's slot, is `None`), and by name.
    loaded: Vec<Option<Loaded>>,
    /// The current code of each module, by name.
    by_name: HashMap<String, u32>,
    /// The old code of each module that has some (`server`): the version a newer one replaced
    /// or `code:delete/1` retired, still run by local calls and return addresses in it until
    /// it is purged.
    old: HashMap<String, u32>,
    /// Exported functions by `(module atom index, function atom index, arity)`: their entry
    /// continuation.
    exports: HashMap<(u32, u32, u32), u64>,
    /// Per loaded module (by index): what stack traces need to know about its code.
    traces: Vec<TraceInfo>,
    /// Per loaded module (by index): its name and imports, for `undef` reasons.
    modules: Vec<(String, Vec<Mfa>)>,
    code_path: CodePath,
    /// Modules `erlang:prepare_loading/2` compiled, by the number of the reference that
    /// names them, until `finish_loading/1` loads them.
    prepared: HashMap<u64, crate::codegen::CompiledModule>,
}

impl Modules {
    /// No module loaded yet; index 0 is the exit function's.
    pub(crate) fn new(code_path: CodePath) -> Modules {
        Modules {
            loaded: vec![None],
            by_name: HashMap::new(),
            old: HashMap::new(),
            exports: HashMap::new(),
            traces: vec![TraceInfo::default()],
            modules: vec![("$exit".to_string(), Vec::new())],
            code_path,
            prepared: HashMap::new(),
        }
    }

    pub(crate) fn is_loaded(&self, name: &str) -> bool {
        self.by_name.contains_key(name)
    }

    /// Whether module index `index` is a loaded module's.
    pub(crate) fn has_index(&self, index: u32) -> bool {
        matches!(self.loaded.get(index as usize), Some(Some(_)))
    }

    /// The loaded modules' names (those with current code), in load order.
    pub(crate) fn names(&self) -> impl Iterator<Item = &str> {
        self.loaded.iter().enumerate().filter_map(|(index, m)| {
            let m = m.as_ref()?;
            (self.by_name.get(&m.name) == Some(&(index as u32))).then_some(m.name.as_str())
        })
    }

    /// The index of a module's old code, if it has some.
    pub(crate) fn old_index(&self, name: &str) -> Option<u32> {
        self.old.get(name).copied()
    }

    /// The file a loaded module came from, as `code:is_loaded/1` names it: the absolute name
    /// of its `.beam` file, or for a module loaded from bytes `<module>.beam` (what
    /// `code:load_binary/3` would have been given).
    pub(crate) fn loaded_file(&self, name: &str) -> Option<String> {
        let index = *self.by_name.get(name)?;
        let loaded = self.loaded.get(index as usize)?.as_ref()?;
        Some(
            loaded
                .file
                .clone()
                .unwrap_or_else(|| format!("{name}.beam")),
        )
    }

    /// The code path (`code:get_path/0` and the functions that change it).
    pub(crate) fn code_path(&self) -> &CodePath {
        &self.code_path
    }

    pub(crate) fn code_path_mut(&mut self) -> &mut CodePath {
        &mut self.code_path
    }

    /// The compiled form of a loaded module.
    pub(crate) fn compiled(&self, name: &str) -> Option<&CompiledModule> {
        let index = *self.by_name.get(name)?;
        Some(&self.loaded.get(index as usize)?.as_ref()?.compiled)
    }

    /// The continuation of `module:function/arity` if a loaded module exports it.
    /// The bytes of the loaded modules' compiled code (`erlang:memory(code)`).
    pub(crate) fn code_bytes(&self) -> u64 {
        self.loaded
            .iter()
            .flatten()
            .map(|m| m.compiled.wasm.len() as u64)
            .sum()
    }

    /// The MD5 of the module loaded at `index` (`module_info(md5)`, a fun's `new_uniq`).
    pub(crate) fn md5(&self, index: u32) -> Option<[u8; 16]> {
        Some(self.loaded.get(index as usize)?.as_ref()?.compiled.md5)
    }

    /// The continuation of fun `index` of the loaded module `module` whose MD5 is `md5` (a
    /// fun in the external term format names its module's code so); `None` for other code.
    pub(crate) fn fun_entry(&self, module: &str, md5: &[u8; 16], index: u32) -> Option<u64> {
        let module_index = *self.by_name.get(module)?;
        let loaded = self.loaded.get(module_index as usize)?.as_ref()?;
        if &loaded.compiled.md5 != md5 {
            return None;
        }
        let label = *loaded.compiled.trace.fun_labels.get(index as usize)?;
        Some(cp::encode(module_index, label))
    }

    pub(crate) fn export_continuation(
        &self,
        module: &str,
        function: &str,
        arity: u32,
    ) -> Option<u64> {
        let index = *self.by_name.get(module)?;
        let loaded = self.loaded.get(index as usize)?.as_ref()?;
        let export = loaded
            .compiled
            .exports
            .iter()
            .find(|e| e.function == function && e.arity == arity)?;
        Some(cp::encode(index, export.label))
    }

    /// The continuation of an exported function named by atoms (their indices), if it is
    /// loaded.
    pub(crate) fn exported(&self, module: u32, function: u32, arity: u32) -> Option<u64> {
        self.exports.get(&(module, function, arity)).copied()
    }

    /// What stack traces need to know about module `index`'s code.
    pub(crate) fn trace(&self, index: u32) -> Option<&TraceInfo> {
        self.traces.get(index as usize)
    }

    /// The name of module `index`.
    pub(crate) fn name(&self, index: u32) -> Option<&str> {
        self.modules
            .get(index as usize)
            .map(|(name, _)| name.as_str())
    }

    /// Import `import` of module `index`.
    pub(crate) fn import(&self, index: u32, import: u32) -> Option<&Mfa> {
        self.modules.get(index as usize)?.1.get(import as usize)
    }

    /// The address of the word that holds import `import` of module `index` (`docs/abi.md`
    /// §5).
    pub(crate) fn import_slot(&self, index: u32, import: u32) -> Option<u32> {
        let loaded = self.loaded.get(index as usize)?.as_ref()?;
        Some(loaded.data + loaded.compiled.layout.imports + term::word(import))
    }
}

/// Modules a code path never provides: the runtime implements their BIFs itself, and their
/// `.beam` files are stubs that would only hide an unimplemented BIF behind a confusing error.
/// (`prim_file` and `prim_buffer` load from erts's `ebin`: the catalog takes over their NIF
/// stubs, `runtime::files`.)
pub(super) const BUILT_IN: &[&str] = &[
    "erlang",
    "erts_internal",
    "erts_code_purger",
    "erts_literal_area_collector",
    "erts_dirty_process_signal_handler",
    "init",
    "prim_inet",
    "prim_zip",
    "prim_net",
    "prim_socket",
    "persistent_term",
    "erl_prim_loader",
    "socket_registry",
];

/// Whether `module` is one the runtime provides itself: it is never loaded from a `.beam`, so
/// each of its functions is one the runtime [`implements`] or else `undef`.
pub fn is_built_in(module: &str) -> bool {
    BUILT_IN.contains(&module)
}

/// Whether the runtime implements `module:function/arity` itself, with no code from a
/// `.beam`: a BIF of the catalog (which also takes over a function of that name in a loaded
/// module, as a loaded NIF replaces its stub), or `erlang:apply/2,3` and `erlang:hibernate/3`,
/// which are dynamic calls. `erlang:function_exported/3` answers with it for a function no
/// loaded module exports, and `tests/bif_coverage.rs` counts OTP's BIFs and NIF stubs with it.
pub fn implements(module: &str, function: &str, arity: u32) -> bool {
    Bif::from_mfa(module, function, arity).is_some()
        || calls::is_erlang_apply(module, function, arity)
        || (module, function, arity) == ("erlang", "hibernate", 3)
}

/// The runner of Elixir programs (`erl/beamwasm_elixir.erl`, compiled by `build.rs`; empty
/// when `erlc` was missing then).
pub const ELIXIR_RUNNER: &str = "beamwasm_elixir";
const ELIXIR_RUNNER_BEAM: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/beamwasm_elixir.beam"));

/// What boots OTP's application controller, kernel and stdlib for programs that use
/// applications (`erl/beamwasm_boot.erl`, compiled by `build.rs`).
pub const BOOT: &str = "beamwasm_boot";
const BOOT_BEAM: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/beamwasm_boot.beam"));

/// The `.beam` of one of beamwasm's own modules, which are embedded, not on the code path.
fn embedded_beam(module: &str) -> Option<&'static [u8]> {
    match module {
        crate::runtime::bifs::io::IO_SERVER => Some(crate::runtime::bifs::io::IO_SERVER_BEAM),
        ELIXIR_RUNNER => Some(ELIXIR_RUNNER_BEAM),
        BOOT => Some(BOOT_BEAM),
        _ => None,
    }
}

/// Writes an entry of `label_bases`: a table index (4 bytes), not a word.
fn write_table_index(
    machine: &mut dyn Machine,
    address: u32,
    value: u32,
) -> Result<(), RuntimeError> {
    crate::runtime::memory::gc::set_address(machine.memory_mut(), address, value)?;
    Ok(())
}

fn allocate(machine: &mut dyn Machine, bytes: u32) -> Result<u32, RuntimeError> {
    crate::runtime::memory::allocate(machine, bytes)
        .map(|b| b.start)
        .map_err(RuntimeError::from)
}

/// Loads a compiled module (from `file`, when it came from one): lays out its atoms and
/// literals, instantiates it, gives it a table slot and records its exports. Imports are
/// resolved by `link`.
pub(super) fn load(
    machine: &mut dyn Machine,
    mut compiled: CompiledModule,
    file: Option<&std::path::Path>,
) -> Result<u32, RuntimeError> {
    // erl's preloaded modules (those beamwasm loads from erts's `ebin`: `prim_file`,
    // `atomics`, ...) are built into the emulator without their source locations: their
    // frames have none.
    if path_bifs::PRELOADED.contains(&compiled.name.as_str()) {
        compiled.trace.files.clear();
    }
    let host = machine.host();
    let code = &host.code;
    if code.is_loaded(&compiled.name) {
        return Err(RuntimeError::DuplicateModule(compiled.name));
    }
    // The slot of a purged version is not reused: a stale continuation into it must not
    // reach other code.
    let index = code.loaded.len() as u32;
    if index >= cp::MAX_MODULES {
        return Err(RuntimeError::Load {
            module: compiled.name,
            what: format!("more than {} modules", cp::MAX_MODULES - 1),
        });
    }
    if let Some(first) = code.loaded.iter().flatten().next() {
        if first.compiled.mode != compiled.mode {
            return Err(RuntimeError::Load {
                module: compiled.name.clone(),
                what: format!(
                    "output mode {:?}, but {} uses {:?}: a program uses one mode",
                    compiled.mode, first.name, first.compiled.mode
                ),
            });
        }
    }
    let label_bases = host.label_bases;
    let load_error = |what: String| RuntimeError::Load {
        module: compiled.name.clone(),
        what,
    };
    let layout = compiled.layout;
    let data = allocate(machine, layout.size)?;
    {
        let (mem, host) = machine.split();
        let mut words = HeapWriter::new(mem, 0, 0);
        words.set_word(data, cp::encode(index, 0))?;
        for (i, name) in compiled.atoms.iter().enumerate() {
            let atom = host.atoms.intern(name);
            words.set_word(
                data + layout.atoms + term::word(i as u32 + 1),
                term::atom(atom),
            )?;
        }
    }
    let mut literal_words = 0u64;
    for literal in &compiled.literals {
        literal_words += literals::words(literal).map_err(|e| load_error(e.to_string()))?;
    }
    let literal_bytes = literal_words
        .checked_mul(WORD_BYTES as u64)
        .and_then(|bytes| u32::try_from(bytes).ok())
        .ok_or_else(|| load_error("literals over 4 GiB".into()))?;
    let area = allocate(machine, literal_bytes.max(WORD_BYTES))?;
    {
        let (mem, host) = machine.split();
        let mut writer = HeapWriter::new(mem, area, area + literal_bytes);
        let mut terms = Vec::with_capacity(compiled.literals.len());
        for literal in &compiled.literals {
            terms.push(
                literals::write(&mut writer, &mut host.atoms, literal)
                    .map_err(|e: LiteralError| load_error(e.to_string()))?,
            );
        }
        for (i, t) in terms.into_iter().enumerate() {
            writer
                .set_word(data + layout.literals + term::word(i as u32), t)
                .map_err(|e| load_error(e.to_string()))?;
        }
    }
    let base = machine.instantiate(&ModuleCode {
        name: &compiled.name,
        index,
        wasm: &compiled.wasm,
        mode: compiled.mode,
        data,
        entry_count: compiled.entry_count,
        label_functions: &compiled.label_functions,
    })?;
    if compiled.mode == Mode::PerLabel {
        write_table_index(machine, label_bases + TABLE_INDEX_BYTES * index, base)?;
    }
    let host = machine.host_mut();
    let code = &mut host.code;
    code.modules
        .push((compiled.name.clone(), compiled.imports.clone()));
    code.traces.push(compiled.trace.clone());
    let module_atom = host.atoms.intern(&compiled.name);
    for export in &compiled.exports {
        let function_atom = host.atoms.intern(&export.function);
        code.exports.insert(
            (module_atom, function_atom, export.arity),
            cp::encode(index, export.label),
        );
    }
    code.by_name.insert(compiled.name.clone(), index);
    code.loaded.push(Some(Loaded {
        name: compiled.name.clone(),
        data,
        compiled,
        file: file.map(absolute_file),
    }));
    Ok(index)
}

/// Resolves every loaded module's imports against the exports of the loaded modules.
pub(super) fn link(machine: &mut dyn Machine) -> Result<(), RuntimeError> {
    let mut writes = Vec::new();
    {
        let code = &machine.host().code;
        for loaded in code.loaded.iter().flatten() {
            for (i, (m, f, a)) in loaded.compiled.imports.iter().enumerate() {
                let word = code.export_continuation(m, f, *a).unwrap_or(0);
                writes.push((
                    loaded.data + loaded.compiled.layout.imports + term::word(i as u32),
                    word,
                ));
            }
        }
    }
    let mut words = HeapWriter::new(machine.memory_mut(), 0, 0);
    for (address, word) in writes {
        words.set_word(address, word)?;
    }
    Ok(())
}

/// Makes sure `module` is loaded: loads it from the code path the first time (and links every
/// module again). `Ok(false)` when no `.beam` for it is on the code path.
pub(super) fn ensure_loaded(machine: &mut dyn Machine, module: &str) -> Result<bool, RuntimeError> {
    let host = machine.host();
    if host.code.is_loaded(module) {
        return Ok(true);
    }
    if BUILT_IN.contains(&module) {
        return Ok(false);
    }
    // beamwasm's own modules are embedded, not on the code path.
    let embedded = embedded_beam(module);
    if embedded.is_some_and(|b| b.is_empty()) {
        return Ok(false);
    }
    let path = match embedded {
        Some(_) => PathBuf::from("(embedded)"),
        None => match host.code.code_path.find(module) {
            Some(path) => path,
            None => return Ok(false),
        },
    };
    let options = host.compile_options();
    let load_error = |what: String| RuntimeError::Load {
        module: module.to_string(),
        what,
    };
    let bytes = match embedded {
        Some(bytes) => bytes.to_vec(),
        None => std::fs::read(&path).map_err(|e| load_error(format!("{}: {e}", path.display())))?,
    };
    let compiled = compile_module(&bytes, &options).map_err(|e| load_error(e.to_string()))?;
    if compiled.name != module {
        return Err(load_error(format!(
            "{} holds module {}",
            path.display(),
            compiled.name
        )));
    }
    load(
        machine,
        compiled,
        embedded.is_none().then_some(path.as_path()),
    )?;
    link(machine)?;
    Ok(true)
}

/// A file's absolute name, as OTP's code server records it (links not resolved).
fn absolute_file(file: &std::path::Path) -> String {
    let absolute = std::path::absolute(file).unwrap_or_else(|_| file.to_path_buf());
    path::normalize(&path::path_text(&absolute))
}
