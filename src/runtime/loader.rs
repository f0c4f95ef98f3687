//! Loading compiled modules into the shared memory and table, resolving imports, and the module registry: a
//! code path searched for `<module>.beam` the first time something calls into a module that
//! is not loaded, compiling it (`codegen::compile_module`) in the program's mode.
//!
//! Everything here works on a `Machine` (the `Vm`'s before a run, a primitive's inside one), so
//! a module can be loaded in the middle of a call; the engine instantiates the code.

use std::path::PathBuf;

use crate::abi::Bif;
use crate::abi::{cp, NON_VALUE};
use crate::abi::{CompiledModule, Mode};
use crate::codegen::{compile_module, CompileOptions};

use super::exception;
use crate::runtime::term::value::Value;

use super::machine::{Machine, ModuleCode};
use super::vm::{Host, RuntimeError};
use crate::abi::term;
use crate::runtime::term::heap::{HeapWriter, TermError};
use crate::runtime::term::literals::{self, LiteralError};

/// A loaded module, by its index (`cp`'s module field).
pub struct Loaded {
    pub name: String,
    /// Its module data record.
    pub data: u32,
    pub compiled: CompiledModule,
}

/// Modules a code path never provides: the runtime implements their BIFs itself, and their
/// `.beam` files are stubs that would only hide an unimplemented BIF behind a confusing error.
const BUILT_IN: &[&str] = &[
    "erlang",
    "ets",
    "erts_internal",
    "erts_code_purger",
    "erts_literal_area_collector",
    "erts_dirty_process_signal_handler",
    "init",
    "prim_eval",
    "prim_file",
    "prim_inet",
    "prim_zip",
    "prim_buffer",
    "prim_net",
    "prim_socket",
    "zlib",
    "atomics",
    "counters",
    "persistent_term",
    "erl_prim_loader",
    "socket_registry",
];

fn fault(e: TermError) -> RuntimeError {
    RuntimeError::Fault(e.to_string())
}

fn write_word(machine: &mut dyn Machine, address: u32, value: u32) -> Result<(), RuntimeError> {
    HeapWriter::new(machine.memory_mut(), 0, 0)
        .set_word(address, value)
        .map_err(fault)
}

fn allocate(machine: &mut dyn Machine, bytes: u32) -> Result<u32, RuntimeError> {
    crate::runtime::memory::allocate(machine, bytes)
        .map(|b| b.start)
        .map_err(RuntimeError::Fault)
}

/// Loads a compiled module: lays out its atoms and literals, instantiates it, gives it a table
/// slot and records its exports. Imports are resolved by `link`.
pub(super) fn load(
    machine: &mut dyn Machine,
    compiled: CompiledModule,
) -> Result<u32, RuntimeError> {
    let host = machine.host();
    if host.by_name.contains_key(&compiled.name) {
        return Err(RuntimeError::DuplicateModule(compiled.name));
    }
    let index = host.loaded.len() as u32;
    if index >= cp::MAX_MODULES {
        return Err(RuntimeError::Load {
            module: compiled.name,
            what: format!("more than {} modules", cp::MAX_MODULES - 1),
        });
    }
    if let Some(first) = host.loaded.iter().flatten().next() {
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
        words.set_word(data, cp::encode(index, 0)).map_err(fault)?;
        for (i, name) in compiled.atoms.iter().enumerate() {
            let atom = host.atoms.intern(name);
            words
                .set_word(data + layout.atoms + 4 * (i as u32 + 1), term::atom(atom))
                .map_err(fault)?;
        }
    }
    let mut literal_words = 0u64;
    for literal in &compiled.literals {
        literal_words += literals::words(literal).map_err(|e| load_error(e.to_string()))?;
    }
    let literal_bytes =
        u32::try_from(4 * literal_words).map_err(|_| load_error("literals over 4 GiB".into()))?;
    let area = allocate(machine, literal_bytes.max(4))?;
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
                .set_word(data + layout.literals + 4 * i as u32, t)
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
        write_word(machine, label_bases + 4 * index, base)?;
    }
    let host = machine.host_mut();
    host.modules
        .push((compiled.name.clone(), compiled.imports.clone()));
    host.traces.push(compiled.trace.clone());
    let module_atom = host.atoms.intern(&compiled.name);
    for export in &compiled.exports {
        let function_atom = host.atoms.intern(&export.function);
        host.exports.insert(
            (module_atom, function_atom, export.arity),
            cp::encode(index, export.label),
        );
    }
    host.by_name.insert(compiled.name.clone(), index);
    host.loaded.push(Some(Loaded {
        name: compiled.name.clone(),
        data,
        compiled,
    }));
    Ok(index)
}

/// The continuation of `module:function/arity` if a loaded module exports it.
pub(super) fn export_continuation(
    host: &Host,
    module: &str,
    function: &str,
    arity: u32,
) -> Option<u32> {
    let index = *host.by_name.get(module)?;
    let loaded = host.loaded.get(index as usize)?.as_ref()?;
    let export = loaded
        .compiled
        .exports
        .iter()
        .find(|e| e.function == function && e.arity == arity)?;
    Some(cp::encode(index, export.label))
}

/// Resolves every loaded module's imports against the exports of the loaded modules.
pub(super) fn link(machine: &mut dyn Machine) -> Result<(), RuntimeError> {
    let mut writes = Vec::new();
    {
        let host = machine.host();
        for loaded in host.loaded.iter().flatten() {
            for (i, (m, f, a)) in loaded.compiled.imports.iter().enumerate() {
                let word = export_continuation(host, m, f, *a).unwrap_or(0);
                writes.push((
                    loaded.data + loaded.compiled.layout.imports + 4 * i as u32,
                    word,
                ));
            }
        }
    }
    let mut words = HeapWriter::new(machine.memory_mut(), 0, 0);
    for (address, word) in writes {
        words.set_word(address, word).map_err(fault)?;
    }
    Ok(())
}

/// Where to look for `<module>.beam`, in order.
#[derive(Clone, Debug, Default)]
pub struct CodePath {
    pub dirs: Vec<PathBuf>,
}

impl CodePath {
    /// The `ebin` directories of the OTP installation `erl` belongs to (found through the
    /// `erl` on `PATH`, or the usual install locations), in application order.
    pub fn otp() -> Vec<PathBuf> {
        let mut roots = Vec::new();
        if let Ok(path) = std::env::var("PATH") {
            for dir in std::env::split_paths(&path) {
                let erl = dir.join("erl");
                if let Ok(real) = std::fs::canonicalize(&erl) {
                    // .../lib/erlang/bin/erl (or .../erts-V/bin/erl) -> .../lib/erlang/lib
                    for ancestor in real.ancestors().skip(1).take(3) {
                        roots.push(ancestor.join("lib"));
                    }
                }
            }
        }
        roots.push(PathBuf::from("/usr/lib/erlang/lib"));
        roots.push(PathBuf::from("/usr/local/lib/erlang/lib"));
        for root in roots {
            let Ok(entries) = std::fs::read_dir(&root) else {
                continue;
            };
            let mut ebins: Vec<PathBuf> = entries
                .flatten()
                .map(|e| e.path().join("ebin"))
                .filter(|p| p.is_dir())
                .collect();
            if ebins.is_empty() {
                continue;
            }
            ebins.sort();
            // stdlib and kernel first: they are what programs call most.
            ebins.sort_by_key(|p| {
                let name = p
                    .parent()
                    .and_then(|a| a.file_name())
                    .and_then(|n| n.to_str())
                    .unwrap_or("");
                !(name.starts_with("stdlib-") || name.starts_with("kernel-"))
            });
            return ebins;
        }
        Vec::new()
    }

    fn find(&self, module: &str) -> Option<PathBuf> {
        let file = format!("{module}.beam");
        self.dirs
            .iter()
            .map(|d| d.join(&file))
            .find(|p| p.is_file())
    }
}

/// Makes sure `module` is loaded: loads it from the code path the first time (and links every
/// module again). `Ok(false)` when no `.beam` for it is on the code path.
pub(super) fn ensure_loaded(machine: &mut dyn Machine, module: &str) -> Result<bool, RuntimeError> {
    let host = machine.host();
    if host.by_name.contains_key(module) {
        return Ok(true);
    }
    if BUILT_IN.contains(&module) {
        return Ok(false);
    }
    // beamwasm's own io server is embedded, not on the code path.
    let embedded = (module == crate::runtime::bifs::io::IO_SERVER)
        .then_some(crate::runtime::bifs::io::IO_SERVER_BEAM);
    if embedded.is_some_and(|b| b.is_empty()) {
        return Ok(false);
    }
    let path = match embedded {
        Some(_) => PathBuf::from("(embedded)"),
        None => match host.code_path.find(module) {
            Some(path) => path,
            None => return Ok(false),
        },
    };
    let options = CompileOptions {
        mode: host.mode,
        gc_stress: host.gc_stress,
    };
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
    load(machine, compiled)?;
    link(machine)?;
    Ok(true)
}

/// Whether `bif` is one of the code-loading BIFs this module answers.
pub(super) fn handles(bif: Bif) -> bool {
    matches!(
        bif,
        Bif::ModuleLoaded1
            | Bif::FunctionExported3
            | Bif::CodeEnsureLoaded1
            | Bif::CodeEnsureModulesLoaded1
            | Bif::CodeIsLoaded1
            | Bif::GetModuleInfo1
            | Bif::GetModuleInfo2
    )
}

fn atom_name(host: &Host, t: u32) -> Option<String> {
    match term::shape(t) {
        term::Shape::Atom(index) => host.atoms.name(index).map(str::to_string),
        _ => None,
    }
}

/// `module_info/1`'s answer for `item` of a loaded module, if beamwasm keeps it.
fn module_info_item(host: &mut Host, module: &str, item: &str) -> Option<Value> {
    let index = *host.by_name.get(module)?;
    let compiled = &host.loaded.get(index as usize)?.as_ref()?.compiled;
    let pairs = |list: Vec<(String, u32)>,
                 host_atoms: &mut crate::runtime::term::atoms::AtomTable| {
        Value::proper_list(
            list.into_iter()
                .map(|(f, a)| {
                    Value::Tuple(vec![
                        Value::atom(host_atoms.intern(&f)),
                        Value::small(a as i32),
                    ])
                })
                .collect(),
        )
    };
    match item {
        "module" => Some(Value::atom(host.atoms.intern(module))),
        "exports" => {
            let list = compiled
                .exports
                .iter()
                .map(|e| (e.function.clone(), e.arity))
                .collect();
            Some(pairs(list, &mut host.atoms))
        }
        "functions" => {
            let list = compiled.trace.functions.clone();
            Some(pairs(list, &mut host.atoms))
        }
        "native" => Some(Value::boolean(false)),
        "attributes" | "compile" => {
            let chunk = if item == "attributes" {
                compiled.attributes.clone()
            } else {
                compiled.compile_info.clone()
            };
            match chunk {
                Some(t) => crate::runtime::data::bits::decode_value(&mut host.atoms, &t).ok(),
                None => Some(Value::Term(term::NIL)),
            }
        }
        // `md5` (OTP's digest of the loaded code) is not computed: badarg names the item.
        _ => None,
    }
}

/// Runs a code-loading BIF: its result term, or `NON_VALUE` after recording an exception.
pub(super) fn bif(
    machine: &mut dyn Machine,
    context: u32,
    live: u32,
    bif: Bif,
    args: &[u32],
) -> i32 {
    let name = |machine: &dyn Machine, t: u32| atom_name(machine.host(), t);
    let badarg = |machine: &mut dyn Machine| {
        exception::bif_error(machine, context, live, bif, args, "badarg")
    };
    let value = match bif {
        Bif::ModuleLoaded1 => match name(machine, args[0]) {
            Some(m) => Value::boolean(
                machine.host().by_name.contains_key(&m) || BUILT_IN.contains(&m.as_str()),
            ),
            None => return badarg(machine),
        },
        Bif::FunctionExported3 => match (
            name(machine, args[0]),
            name(machine, args[1]),
            term::shape(args[2]),
        ) {
            (Some(m), Some(f), term::Shape::Small(a)) if a >= 0 => {
                let exported = export_continuation(machine.host(), &m, &f, a as u32).is_some()
                    || Bif::from_mfa(&m, &f, a as u32).is_some();
                Value::boolean(exported)
            }
            _ => return badarg(machine),
        },
        Bif::CodeEnsureLoaded1 => match name(machine, args[0]) {
            Some(m) => match ensure_loaded(machine, &m) {
                Ok(true) => Value::Tuple(vec![
                    Value::atom(machine.host_mut().atoms.intern("module")),
                    Value::Term(args[0]),
                ]),
                Ok(false) if BUILT_IN.contains(&m.as_str()) => Value::Tuple(vec![
                    Value::atom(machine.host_mut().atoms.intern("module")),
                    Value::Term(args[0]),
                ]),
                Ok(false) => {
                    let atoms = &mut machine.host_mut().atoms;
                    Value::Tuple(vec![
                        Value::atom(atoms.intern("error")),
                        Value::atom(atoms.intern("nofile")),
                    ])
                }
                Err(e) => {
                    machine.host_mut().fault = Some(e.to_string());
                    return NON_VALUE as i32;
                }
            },
            None => return badarg(machine),
        },
        Bif::CodeEnsureModulesLoaded1 => {
            let mut modules = Vec::new();
            let mut rest = args[0];
            let heap_ok = loop {
                match term::shape(rest) {
                    term::Shape::Nil => break true,
                    term::Shape::Cons(cell) => {
                        match crate::runtime::term::heap::Heap::new(machine.memory()).cons(cell) {
                            Ok((head, tail)) => {
                                modules.push(head);
                                rest = tail;
                            }
                            Err(_) => break false,
                        }
                    }
                    _ => break false,
                }
            };
            if !heap_ok {
                return badarg(machine);
            }
            let mut missing = Vec::new();
            for m in modules {
                let Some(n) = name(machine, m) else {
                    return badarg(machine);
                };
                match ensure_loaded(machine, &n) {
                    Ok(true) => {}
                    Ok(false) if BUILT_IN.contains(&n.as_str()) => {}
                    Ok(false) => missing.push(m),
                    Err(e) => {
                        machine.host_mut().fault = Some(e.to_string());
                        return NON_VALUE as i32;
                    }
                }
            }
            let atoms = &mut machine.host_mut().atoms;
            if missing.is_empty() {
                Value::atom(atoms.intern("ok"))
            } else {
                let nofile = atoms.intern("nofile");
                Value::Tuple(vec![
                    Value::atom(atoms.intern("error")),
                    Value::proper_list(
                        missing
                            .into_iter()
                            .map(|m| Value::Tuple(vec![Value::Term(m), Value::atom(nofile)]))
                            .collect(),
                    ),
                ])
            }
        }
        Bif::CodeIsLoaded1 => match name(machine, args[0]) {
            Some(m) if machine.host().by_name.contains_key(&m) => {
                let atoms = &mut machine.host_mut().atoms;
                Value::Tuple(vec![
                    Value::atom(atoms.intern("file")),
                    Value::proper_list(
                        format!("{m}.beam")
                            .bytes()
                            .map(|b| Value::small(b as i32))
                            .collect(),
                    ),
                ])
            }
            Some(m) if BUILT_IN.contains(&m.as_str()) => {
                let atoms = &mut machine.host_mut().atoms;
                Value::Tuple(vec![
                    Value::atom(atoms.intern("file")),
                    Value::atom(atoms.intern("preloaded")),
                ])
            }
            Some(_) => Value::boolean(false),
            None => return badarg(machine),
        },
        Bif::GetModuleInfo1 | Bif::GetModuleInfo2 => {
            let Some(m) = name(machine, args[0]) else {
                return badarg(machine);
            };
            if bif == Bif::GetModuleInfo2 {
                let Some(item) = name(machine, args[1]) else {
                    return badarg(machine);
                };
                match module_info_item(machine.host_mut(), &m, &item) {
                    Some(v) => v,
                    None => return badarg(machine),
                }
            } else {
                let mut items = Vec::new();
                for item in ["module", "exports", "attributes", "compile"] {
                    let Some(v) = module_info_item(machine.host_mut(), &m, item) else {
                        return badarg(machine);
                    };
                    items.push(Value::Tuple(vec![
                        Value::atom(machine.host_mut().atoms.intern(item)),
                        v,
                    ]));
                }
                Value::proper_list(items)
            }
        }
        _ => return badarg(machine),
    };
    match crate::runtime::memory::heap_alloc::write_value(machine, context, live, value) {
        Ok(t) => t as i32,
        Err(message) => {
            machine.host_mut().fault = Some(message);
            NON_VALUE as i32
        }
    }
}
