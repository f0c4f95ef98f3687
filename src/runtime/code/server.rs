//! Loading, deleting and purging modules as OTP's `code_server` and `erts_code_purger` do
//! them, with BEAM's two versions of a module: loading a module that is loaded makes its code
//! *old* (still run by the processes inside it: return addresses, catch handlers and funs keep
//! their module index, and local calls stay in their own code) while remote calls, `apply`
//! and new funs' callers reach the new *current* code (every module's import slots are
//! linked again). Purging forgets the old code, killing the processes that still use it.
//!
//! The `code` functions answered here (`load_binary/3`, `load_file/1`, `load_abs/1,2`,
//! `delete/1`, `purge/1`, `soft_purge/1`, `get_object_code/1`, `all_loaded/0`, `is_sticky/1`,
//! `get_mode/0`) are `call`s to `code_server` in OTP; the BIFs under them (`erlang:load_module/2`,
//! `delete_module/1`, `purge_module/1`, `check_old_code/1`, `check_process_code/2,3`,
//! `loaded/0`, `pre_loaded/0`), `erts_code_purger:purge/1`, `soft_purge/1` and the boot
//! loader's queries (`erl_prim_loader:list_dir/1`, `read_file_info/1`, `read_link_info/1` over
//! the code path's directories and the sandbox's, read as the loader reads them; `get_path/0`,
//! `get_cwd/0,1`) are here too.
//! A purged version's wasm instance and literals stay in memory (nothing reaches them).

use crate::abi::bifs::CodeBif;
use crate::abi::cp;
use crate::abi::ctx;
use crate::abi::term::{self, Shape, Term, WORD_BYTES};
use crate::codegen::{compile_module, CompileError};
use crate::runtime::error::{Fault, RuntimeError};
use crate::runtime::files::sandbox::{Links, Sandbox};
use crate::runtime::host::Host;
use crate::runtime::machine::{Machine, ModuleCode};
use crate::runtime::memory::gc::Layout;
use crate::runtime::process;
use crate::runtime::term::heap::{Heap, TermError};
use crate::runtime::term::value::Value;

use super::path_bifs::{
    self, atom_name, atom_value as atom, error_tuple, text_value, PathError, PRELOADED,
};
use super::{link, load, Modules};

/// The applications whose `ebin` directories `code_server` makes sticky at start: their
/// modules cannot be loaded over (`{error,sticky_directory}`).
const STICKY_APPLICATIONS: &[&str] = &["kernel", "stdlib", "compiler"];

/// Why loading a module's code did not happen (`{error, Why}`).
enum Refused {
    /// Its old code must be purged first.
    NotPurged,
    /// The bytes are not a module, or another module than the one named.
    Badfile,
}

impl Refused {
    fn name(&self) -> &'static str {
        match self {
            Refused::NotPurged => "not_purged",
            Refused::Badfile => "badfile",
        }
    }
}

impl Modules {
    /// Makes module `name`'s current code old: remote calls stop reaching it (its exports are
    /// forgotten; `link` then clears or re-points the import slots that named them).
    fn retire(&mut self, name: &str) -> Option<u32> {
        let index = self.by_name.remove(name)?;
        self.exports
            .retain(|_, &mut entry| cp::module(entry) != index);
        self.old.insert(name.to_string(), index);
        Some(index)
    }

    /// Forgets module `name`'s old code: its index, if it had some.
    fn forget_old(&mut self, name: &str) -> Option<u32> {
        self.old.remove(name)
    }

    /// Whether `name` is a module of one of the sticky applications' `ebin` directories, loaded.
    fn is_sticky(&self, name: &str) -> bool {
        let Some(file) = self.loaded_file(name) else {
            return false;
        };
        let dir = std::path::Path::new(&file).parent();
        STICKY_APPLICATIONS.iter().any(|app| {
            self.code_path()
                .lib_dir(app)
                .is_some_and(|lib| dir == Some(std::path::Path::new(&format!("{lib}/ebin"))))
        })
    }
}

/// Loads `bytes` (from `file`, named as `code:is_loaded/1` gives it back) as module `name`'s new current code, its current code (if any) becoming old
/// (`erlang:load_module/2`).
fn install(
    machine: &mut dyn Machine,
    name: &str,
    bytes: &[u8],
    file: Option<&str>,
) -> Result<Result<(), Refused>, Fault> {
    // Loading moves the current code to old: there must be room.
    let code = &machine.host().code;
    if code.is_loaded(name) && code.old_index(name).is_some() {
        return Ok(Err(Refused::NotPurged));
    }
    let Some(compiled) = prepare(machine, name, bytes)? else {
        return Ok(Err(Refused::Badfile));
    };
    machine.host_mut().code.retire(name);
    let index = load(machine, compiled, None)?;
    if let (Some(file), Some(Some(loaded))) =
        (file, machine.host_mut().code.loaded.get_mut(index as usize))
    {
        loaded.file = Some(file.to_string());
    }
    link(machine)?;
    Ok(Ok(()))
}

/// Module `name` compiled from `bytes`; `None` when they are no module of that name (OTP's
/// `badfile`).
fn prepare(
    machine: &dyn Machine,
    name: &str,
    bytes: &[u8],
) -> Result<Option<crate::codegen::CompiledModule>, Fault> {
    let options = machine.host().compile_options();
    match compile_module(bytes, &options) {
        Ok(compiled) if compiled.name == name => Ok(Some(compiled)),
        Ok(_) | Err(CompileError::Beam(_) | CompileError::Malformed { .. }) => Ok(None),
        Err(e) => Err(RuntimeError::Load {
            module: name.to_string(),
            what: e.to_string(),
        }
        .into()),
    }
}

/// Whether process `pid` runs module code `index`: where it resumes, its continuation
/// register, and the return addresses and catch handlers on its stack
/// (`erlang:check_process_code/2`; as on OTP 25, funs of that code do not count). The calling
/// process is where it calls this BIF from (`Bif::wants_call_site`; unknown through `apply`).
fn uses_code(machine: &dyn Machine, pid: u32, index: u32) -> Result<bool, TermError> {
    let host = machine.host();
    let Some(p) = host.procs.table.get(&pid) else {
        return Ok(false);
    };
    let running = host.procs.current == Some(pid);
    let resumes_at = if running {
        host.procs
            .call_site
            .filter(|&site| cp::is_continuation(site))
    } else {
        Some(p.continuation)
    };
    if resumes_at.is_some_and(|at| cp::module(at) == index) {
        return Ok(true);
    }
    let mem = machine.memory();
    let heap = Heap::new(mem);
    let in_code = |word: Term| {
        (cp::is_continuation(word) && word != cp::EXIT && cp::module(word) == index)
            || (term::is_catch_marker(word) && term::catch_marker_target(word).0 == index)
    };
    if in_code(heap.word(p.context + ctx::CP)?) {
        return Ok(true);
    }
    let layout = Layout::read(mem, p.context)?;
    let mut address = layout.e;
    while address < layout.young.end {
        if in_code(heap.word(address)?) {
            return Ok(true);
        }
        address += WORD_BYTES;
    }
    Ok(false)
}

/// Purges module `name`'s old code, if it has some: nothing reaches it any more but a fun
/// made by it, whose call the engine now stops with a fault naming the module (erl raises
/// `badfun`; the fun's term is gone by then). Whether there was old code.
fn forget_old(machine: &mut dyn Machine, name: &str) -> Result<bool, Fault> {
    let Some(index) = machine.host_mut().code.forget_old(name) else {
        return Ok(false);
    };
    let Some(Some(loaded)) = machine.host().code.loaded.get(index as usize) else {
        return Ok(true);
    };
    let compiled = &loaded.compiled;
    let label_functions = compiled.label_functions.clone();
    let (mode, data, entry_count) = (compiled.mode, loaded.data, compiled.entry_count);
    let name = name.to_string();
    machine.purge_code(&ModuleCode {
        name: &name,
        index,
        wasm: &[],
        mode,
        data,
        entry_count,
        label_functions: &label_functions,
    })?;
    Ok(true)
}

/// The processes that use module `name`'s old code (none without old code).
fn old_code_users(machine: &dyn Machine, name: &str) -> Result<Vec<u32>, TermError> {
    let Some(index) = machine.host().code.old_index(name) else {
        return Ok(Vec::new());
    };
    let mut pids: Vec<u32> = machine.host().procs.table.keys().copied().collect();
    pids.sort_unstable();
    let mut users = Vec::new();
    for pid in pids {
        if uses_code(machine, pid, index)? {
            users.push(pid);
        }
    }
    Ok(users)
}

/// `erts_code_purger:purge/1`: kills the processes (but the caller) that use module `name`'s
/// old code and forgets it; `(whether it had old code, whether a process was killed)`.
fn purge(machine: &mut dyn Machine, name: &str) -> Result<(bool, bool), Fault> {
    if machine.host().code.old_index(name).is_none() {
        return Ok((false, false));
    }
    let me = machine.host().procs.current;
    let users = old_code_users(machine, name)?;
    let mut killed = false;
    let kill = term::atom(machine.host_mut().atoms.intern("kill"));
    for pid in users {
        if Some(pid) == me {
            continue;
        }
        process::signal(machine, me.unwrap_or(pid), pid, kill)?;
        killed = true;
    }
    forget_old(machine, name)?;
    Ok((true, killed))
}

/// `erts_code_purger:soft_purge/1`: forgets module `name`'s old code unless a process uses
/// it; whether it did (or there was none).
fn soft_purge(machine: &mut dyn Machine, name: &str) -> Result<bool, Fault> {
    if !old_code_users(machine, name)?.is_empty() {
        return Ok(false);
    }
    forget_old(machine, name)?;
    Ok(true)
}

/// Whether the loader (`erl_prim_loader:get_file/1`, `list_dir/1`) may read `name`: a file or
/// directory under a directory of the code path (where the program's code and `.app` files
/// are), or one the sandbox grants. Anything else is the loader's `error`, as a file it cannot
/// read: the loader is no way around the sandbox.
pub(crate) fn loader_may_read(code: &Modules, sandbox: &Sandbox, name: &str) -> bool {
    if sandbox.resolve(name.as_bytes(), Links::Follow).is_ok() {
        return true;
    }
    let Ok(real) = std::fs::canonicalize(sandbox.cwd.join(name)) else {
        return false;
    };
    code.code_path()
        .texts()
        .iter()
        .any(|dir| std::fs::canonicalize(dir).is_ok_and(|dir| real.starts_with(dir)))
}

/// `code_server`'s `get_object_code`: the `.beam` file of `name` first on the code path.
fn object_code(host: &Host, name: &str) -> Option<(Vec<u8>, String)> {
    let path = host.code.code_path().find(name)?;
    let bytes = std::fs::read(&path).ok()?;
    Some((bytes, super::absolute_file(&path)))
}

fn module_tuple(host: &mut Host, name: &str) -> Value {
    Value::Tuple(vec![atom(host, "module"), atom(host, name)])
}

/// A file name as `code_server`'s `modp/1` takes it: an atom's name or a proper list of
/// integers (those no character has are kept as U+FFFD).
fn file_name(heap: &Heap<'_>, host: &Host, t: Term) -> Result<Option<String>, TermError> {
    if let Some(name) = atom_name(host, t) {
        return Ok(Some(name));
    }
    let Some(items) = heap.proper_list(t)? else {
        return Ok(None);
    };
    let mut text = String::new();
    for item in items {
        let Shape::Small(c) = term::shape(item) else {
            return Ok(None);
        };
        text.push(
            u32::try_from(c)
                .ok()
                .and_then(char::from_u32)
                .unwrap_or('\u{fffd}'),
        );
    }
    Ok(Some(text))
}

/// A file name as `prim_file` takes it from the loader: a possibly deep list of characters.
fn deep_text(heap: &Heap<'_>, t: Term) -> Result<Option<String>, TermError> {
    if !matches!(term::shape(t), Shape::Cons(_)) {
        return Ok(None);
    }
    let mut text = String::new();
    let mut pending = vec![t];
    while let Some(t) = pending.pop() {
        match term::shape(t) {
            Shape::Nil => {}
            Shape::Cons(_) => {
                let Some(items) = heap.proper_list(t)? else {
                    return Ok(None);
                };
                pending.extend(items.into_iter().rev());
            }
            Shape::Small(c) => match u32::try_from(c).ok().and_then(char::from_u32) {
                Some(c) => text.push(c),
                None => return Ok(None),
            },
            _ => return Ok(None),
        }
    }
    Ok(Some(text).filter(|text| !text.is_empty()))
}

/// What `load_binary/3`, `load_file/1` and `load_abs/1,2` answer once they have the bytes:
/// `{module, Name}`, or `{error, Why}` for a sticky module or a refused load.
fn load_answer(
    machine: &mut dyn Machine,
    name: &str,
    bytes: &[u8],
    file: Option<&str>,
) -> Result<Value, Fault> {
    if machine.host().code.is_sticky(name) {
        return Ok(error_tuple(machine.host_mut(), "sticky_directory"));
    }
    Ok(match install(machine, name, bytes, file)? {
        Ok(()) => module_tuple(machine.host_mut(), name),
        Err(refused) => error_tuple(machine.host_mut(), refused.name()),
    })
}

/// Runs one of the loading and purging functions.
pub(super) fn run(
    machine: &mut dyn Machine,
    bif: CodeBif,
    args: &[Term],
) -> Result<Value, PathError> {
    use CodeBif::*;
    let name_of = |machine: &dyn Machine, t: Term| atom_name(machine.host(), t);
    // `code`'s guards: a module argument is an atom.
    let module = |machine: &dyn Machine| name_of(machine, args[0]).ok_or(PathError::FunctionClause);
    Ok(match bif {
        CodeLoadBinary3 => {
            let name = module(machine)?;
            let (mem, host) = machine.split();
            let heap = Heap::new(mem);
            let is_text = matches!(
                term::shape(args[1]),
                Shape::Atom(_) | Shape::Nil | Shape::Cons(_)
            );
            let bytes = crate::runtime::data::bits::binary_bytes(heap, args[2])?;
            let (true, Some(bytes)) = (is_text, bytes) else {
                return Err(PathError::FunctionClause);
            };
            let Some(file) = file_name(&heap, host, args[1])? else {
                return Ok(error_tuple(host, "badarg"));
            };
            if machine.host().code.is_loaded(&name) {
                purge(machine, &name)?;
            }
            load_answer(machine, &name, &bytes, Some(&file))?
        }
        PrepareLoading2 => {
            let name = name_of(machine, args[0]).ok_or(PathError::Badarg)?;
            let bytes =
                crate::runtime::data::bits::binary_bytes(Heap::new(machine.memory()), args[1])?
                    .ok_or(PathError::Badarg)?;
            match prepare(machine, &name, &bytes)? {
                Some(compiled) => {
                    let reference = machine.host_mut().procs.new_reference();
                    machine.host_mut().code.prepared.insert(reference, compiled);
                    Value::Reference(reference)
                }
                None => error_tuple(machine.host_mut(), "badfile"),
            }
        }
        FinishLoading1 => {
            let heap = Heap::new(machine.memory());
            let references = heap
                .proper_list(args[0])?
                .ok_or(PathError::Badarg)?
                .into_iter()
                .map(|t| process::reference_value(machine.memory(), t))
                .collect::<Option<Vec<u64>>>()
                .ok_or(PathError::Badarg)?;
            let code = &machine.host().code;
            let mut names = Vec::with_capacity(references.len());
            for r in &references {
                let compiled = code.prepared.get(r).ok_or(PathError::Badarg)?;
                if names.contains(&compiled.name) {
                    return Err(PathError::Badarg);
                }
                names.push(compiled.name.clone());
            }
            // All or none: a module whose old code is still there cannot take new code.
            let not_purged: Vec<String> = names
                .iter()
                .filter(|name| code.is_loaded(name) && code.old_index(name).is_some())
                .cloned()
                .collect();
            if !not_purged.is_empty() {
                let atoms = &mut machine.host_mut().atoms;
                return Ok(Value::Tuple(vec![
                    Value::atom(atoms.intern("not_purged")),
                    Value::proper_list(
                        not_purged
                            .iter()
                            .map(|name| Value::atom(atoms.intern(name)))
                            .collect(),
                    ),
                ]));
            }
            for r in references {
                let Some(compiled) = machine.host_mut().code.prepared.remove(&r) else {
                    continue;
                };
                let name = compiled.name.clone();
                machine.host_mut().code.retire(&name);
                load(machine, compiled, None).map_err(Fault::from)?;
            }
            link(machine).map_err(Fault::from)?;
            Value::atom(machine.host_mut().atoms.intern("ok"))
        }
        LoadModule2 => {
            let name = name_of(machine, args[0]).ok_or(PathError::Badarg)?;
            let bytes =
                crate::runtime::data::bits::binary_bytes(Heap::new(machine.memory()), args[1])?
                    .ok_or(PathError::Badarg)?;
            match install(machine, &name, &bytes, None)? {
                Ok(()) => module_tuple(machine.host_mut(), &name),
                Err(refused) => error_tuple(machine.host_mut(), refused.name()),
            }
        }
        CodeLoadFile1 => {
            let name = module(machine)?;
            match object_code(machine.host(), &name) {
                Some((bytes, file)) => load_answer(machine, &name, &bytes, Some(&file))?,
                None => error_tuple(machine.host_mut(), "nofile"),
            }
        }
        CodeLoadAbs1 | CodeLoadAbs2 => {
            let (mem, host) = machine.split();
            let heap = Heap::new(mem);
            if !matches!(
                term::shape(args[0]),
                Shape::Atom(_) | Shape::Nil | Shape::Cons(_)
            ) {
                return Err(PathError::FunctionClause);
            }
            let Some(file) = file_name(&heap, host, args[0])? else {
                return Ok(error_tuple(host, "badarg"));
            };
            let name = match bif {
                CodeLoadAbs2 => name_of(machine, args[1]).ok_or(PathError::FunctionClause)?,
                // `list_to_atom(filename:basename(File))`.
                _ => std::path::Path::new(&file)
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default(),
            };
            let file = super::absolute_file(std::path::Path::new(&format!("{file}.beam")));
            let host = machine.host();
            let read = match loader_may_read(&host.code, &host.files.sandbox, &file) {
                true => std::fs::read(&file),
                false => Err(std::io::ErrorKind::PermissionDenied.into()),
            };
            match read {
                Ok(bytes) => load_answer(machine, &name, &bytes, Some(&file))?,
                Err(_) => error_tuple(machine.host_mut(), "nofile"),
            }
        }
        CodeDelete1 => {
            let name = module(machine)?;
            Value::boolean(delete_module(machine, &name)? == Some(true))
        }
        DeleteModule1 => {
            let Some(name) = name_of(machine, args[0]) else {
                return Err(PathError::Badarg);
            };
            match delete_module(machine, &name)? {
                Some(true) => Value::boolean(true),
                Some(false) => return Err(PathError::Badarg),
                None => atom(machine.host_mut(), "undefined"),
            }
        }
        CodePurge1 => {
            let name = module(machine)?;
            Value::boolean(purge(machine, &name)?.1)
        }
        CodePurgerPurge1 => {
            let name = name_of(machine, args[0]).ok_or(PathError::FunctionClause)?;
            let (had_old, killed) = purge(machine, &name)?;
            Value::Tuple(vec![Value::boolean(had_old), Value::boolean(killed)])
        }
        CodeSoftPurge1 | CodePurgerSoftPurge1 => {
            let name = module(machine)?;
            Value::boolean(soft_purge(machine, &name)?)
        }
        PurgeModule1 => {
            let Some(name) = name_of(machine, args[0]) else {
                return Err(PathError::Badarg);
            };
            // The BIF under `erts_code_purger`: old code only, and no process checked.
            if !forget_old(machine, &name)? {
                return Err(PathError::Badarg);
            }
            Value::boolean(true)
        }
        CheckOldCode1 => {
            let Some(name) = name_of(machine, args[0]) else {
                return Err(PathError::Badarg);
            };
            Value::boolean(machine.host().code.old_index(&name).is_some())
        }
        CheckProcessCode2 | CheckProcessCode3 => {
            let (Shape::Pid(pid), Some(name)) = (term::shape(args[0]), name_of(machine, args[1]))
            else {
                return Err(PathError::Badarg);
            };
            if bif == CheckProcessCode3 && !valid_check_options(machine, args[2])? {
                return Err(PathError::Badarg);
            }
            match machine.host().code.old_index(&name) {
                Some(index) => Value::boolean(uses_code(machine, pid, index)?),
                None => Value::boolean(false),
            }
        }
        CodeGetObjectCode1 => {
            let name = module(machine)?;
            match object_code(machine.host(), &name) {
                Some((bytes, file)) => Value::Tuple(vec![
                    Value::Term(args[0]),
                    Value::Bitstring {
                        bits: bytes.len() as u64 * 8,
                        data: bytes,
                    },
                    text_value(&file),
                ]),
                None => atom(machine.host_mut(), "error"),
            }
        }
        CodeAllLoaded0 => {
            let host = machine.host_mut();
            let mut names: Vec<String> = loaded_modules(host);
            names.sort();
            let mut pairs = Vec::new();
            for name in names {
                if let Some(file) = path_bifs::loaded_file(host, &name) {
                    pairs.push(Value::Tuple(vec![atom(host, &name), file]));
                }
            }
            Value::proper_list(pairs)
        }
        Loaded0 => {
            let host = machine.host_mut();
            let mut names = loaded_modules(host);
            names.extend(host.code.old.keys().cloned());
            names.sort();
            names.dedup();
            Value::proper_list(names.iter().map(|n| atom(host, n)).collect())
        }
        PreLoaded0 => {
            let host = machine.host_mut();
            Value::proper_list(PRELOADED.iter().map(|n| atom(host, n)).collect())
        }
        CodeIsSticky1 => {
            let name = module(machine)?;
            Value::boolean(machine.host().code.is_sticky(&name))
        }
        CodeGetMode0 => atom(machine.host_mut(), "interactive"),
        PrimLoaderListDir1 => {
            let (mem, host) = machine.split();
            let dir = file_name(&Heap::new(mem), host, args[0])?
                .filter(|dir| loader_may_read(&host.code, &host.files.sandbox, dir));
            let names = dir
                .and_then(|dir| std::fs::read_dir(host.files.sandbox.cwd.join(dir)).ok())
                .map(|entries| {
                    entries
                        .flatten()
                        .map(|entry| text_value(&entry.file_name().to_string_lossy()))
                        .collect::<Vec<_>>()
                });
            match names {
                Some(names) => Value::Tuple(vec![atom(host, "ok"), Value::proper_list(names)]),
                None => atom(host, "error"),
            }
        }
        // The loader's path is the code path (it reads the code path directly).
        PrimLoaderGetPath0 => {
            let host = machine.host_mut();
            let dirs = host.code.code_path().texts();
            let dirs = Value::proper_list(dirs.iter().map(|dir| text_value(dir)).collect());
            Value::Tuple(vec![atom(host, "ok"), dirs])
        }
        PrimLoaderGetCwd0 => {
            let host = machine.host_mut();
            let cwd = host.files.sandbox.cwd.to_string_lossy().into_owned();
            Value::Tuple(vec![atom(host, "ok"), text_value(&cwd)])
        }
        // A drive's working directory: Unix has none, and the loader answers `error`.
        PrimLoaderGetCwd1 => atom(machine.host_mut(), "error"),
        PrimLoaderReadFileInfo1 | PrimLoaderReadLinkInfo1 => {
            let (mem, host) = machine.split();
            let file = deep_text(&Heap::new(mem), args[0])?
                .filter(|file| loader_may_read(&host.code, &host.files.sandbox, file));
            let info = match file {
                Some(file) => {
                    let path = host.files.sandbox.cwd.join(file);
                    let follow = bif == PrimLoaderReadFileInfo1;
                    crate::runtime::files::local_file_info(&mut host.atoms, &path, follow)?
                }
                None => None,
            };
            info.unwrap_or_else(|| atom(host, "error"))
        }
        _ => {
            return Err(PathError::Fault(Fault::MisroutedBif {
                bif: bif.into(),
                room: "the code server's",
            }))
        }
    })
}

/// The modules with current code, and the preloaded ones (`erlang:loaded/0`).
fn loaded_modules(host: &Host) -> Vec<String> {
    let mut names: Vec<String> = host.code.names().map(str::to_string).collect();
    names.extend(PRELOADED.iter().map(|n| n.to_string()));
    names.sort();
    names.dedup();
    names
}

/// `erlang:delete_module/1`: `Some(false)` when module `name` has old code (a `badarg`: it
/// must be purged first), `None` for a module never loaded (`undefined`), else `Some(true)`,
/// its current code (if any) made old.
fn delete_module(machine: &mut dyn Machine, name: &str) -> Result<Option<bool>, Fault> {
    let code = &mut machine.host_mut().code;
    if code.old_index(name).is_some() {
        return Ok(Some(false));
    }
    if !code.loaded.iter().flatten().any(|m| m.name == name) {
        return Ok(None);
    }
    code.retire(name);
    // Import slots that named its exports now raise `undef` (or load it again).
    link(machine)?;
    Ok(Some(true))
}

/// `check_process_code/3`'s options: a proper list of `{allow_gc, boolean()}`.
fn valid_check_options(machine: &dyn Machine, options: Term) -> Result<bool, TermError> {
    let heap = Heap::new(machine.memory());
    let Some(items) = heap.proper_list(options)? else {
        return Ok(false);
    };
    for item in items {
        match heap.tuple_elements(item)?.as_deref() {
            Some([key, value])
                if atom_name(machine.host(), *key).as_deref() == Some("allow_gc")
                    && (*value == term::atom_true() || *value == term::atom_false()) => {}
            _ => return Ok(false),
        }
    }
    Ok(true)
}
