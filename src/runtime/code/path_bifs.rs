//! The code-path functions of OTP's `code` module (`add_path/1` and its kin, `del_path/1`,
//! `get_path/0`, `set_path/1`, `which/1`, `where_is_file/1`, `root_dir/0`, `lib_dir/0,1,2`,
//! `priv_dir/1`), which OTP answers in its `code_server` process: here from the runtime's
//! `CodePath`, with OTP's results and errors (`{error,bad_directory}`, `{error,bad_name}`,
//! `non_existing`, and `function_clause` where `code`'s guards reject an argument); and
//! `application:get_application/1` and `get_key/2` for the applications `erl` and `elixir`
//! load at start, read from their `.app` files on the code path (OTP's application
//! controller is not run).

use crate::abi::bifs::CodeBif;
use crate::abi::term::{self, Term};
use crate::runtime::host::Host;
use crate::runtime::term::heap::{Heap, TermError};
use crate::runtime::term::value::Value;

use super::path::{self, BadDirectory};
use super::BUILT_IN;

/// The modules OTP 25 preloads (`erlang:pre_loaded()`): `code:which/1` says `preloaded`.
pub(super) const PRELOADED: &[&str] = &[
    "persistent_term",
    "counters",
    "atomics",
    "erts_dirty_process_signal_handler",
    "erts_literal_area_collector",
    "erl_tracer",
    "erts_internal",
    "erlang",
    "erl_prim_loader",
    "prim_zip",
    "prim_net",
    "prim_socket",
    "socket_registry",
    "zlib",
    "prim_file",
    "prim_inet",
    "prim_eval",
    "prim_buffer",
    "init",
    "erl_init",
    "erts_code_purger",
];

/// The applications counted as loaded: those `erl` loads at start (kernel, stdlib) and those
/// `elixir` adds (elixir, compiler, logger). OTP's application controller is not run, so
/// `application:load/1` of others is not there either.
const LOADED_APPLICATIONS: &[&str] = &["kernel", "stdlib", "elixir", "compiler", "logger"];

/// The `{Key, "Text"}` string value of a loaded application's `.app` file (`vsn`,
/// `description`): `None` for an application not loaded or a key it does not have.
fn application_key(host: &Host, app: &str, key: &str) -> Option<String> {
    if !LOADED_APPLICATIONS.contains(&app) {
        return None;
    }
    let dir = host.code.code_path().lib_dir(app)?;
    let text = std::fs::read_to_string(format!("{dir}/ebin/{app}.app")).ok()?;
    // `{vsn, "4.2"}`: the tuple's key, then a string.
    let mut rest = text.as_str();
    while let Some(at) = rest.find('{') {
        rest = &rest[at + 1..];
        let Some(after_key) = rest.trim_start().strip_prefix(key) else {
            continue;
        };
        let Some(value) = after_key.trim_start().strip_prefix(',') else {
            continue;
        };
        let Some(string) = value.trim_start().strip_prefix('"') else {
            continue;
        };
        return string.find('"').map(|end| string[..end].to_string());
    }
    None
}

/// The loaded application a module belongs to: that of the `ebin` directory its `.beam` is in.
fn module_application(host: &mut Host, module: &str) -> Option<String> {
    let file = match host.code.loaded_file(module) {
        Some(file) => file,
        None => host
            .code
            .code_path()
            .where_is_file(&format!("{module}.beam"))?,
    };
    let dir = std::path::Path::new(&file).parent()?;
    if dir.file_name()? != "ebin" {
        return None;
    }
    let app = path::get_name(&path::path_text(dir));
    let app_file = dir.join(format!("{app}.app"));
    (LOADED_APPLICATIONS.contains(&app.as_str()) && app_file.is_file()).then_some(app)
}

/// Why a code-path function did not return: the reason of an `error` exception.
pub(super) enum PathError {
    /// `code`'s guard rejected the argument.
    FunctionClause,
    /// An argument OTP's `code_server` would crash on (an improper list).
    Badarg,
    Memory(TermError),
    /// Something the runtime cannot answer, named (a `Fault::Unsupported`).
    Unsupported(String),
    /// The runtime failed (loading a module's code).
    Fault(crate::runtime::error::Fault),
}

impl From<crate::runtime::error::Fault> for PathError {
    fn from(fault: crate::runtime::error::Fault) -> Self {
        PathError::Fault(fault)
    }
}

impl From<TermError> for PathError {
    fn from(e: TermError) -> Self {
        PathError::Memory(e)
    }
}

/// What a list argument holds, read as `code_server`'s `int_list/1` reads it.
pub(super) enum ListText {
    /// A proper list of character codes.
    Text(String),
    /// A proper list of integers some of which no character has (no file is named so), or a
    /// list with an element that is not an integer.
    Other,
    /// A list of integers whose tail is not `[]`.
    Improper,
    /// Not a list.
    NotAList,
}

pub(super) fn list_text(heap: &Heap<'_>, t: Term) -> Result<ListText, TermError> {
    let mut text = String::new();
    let mut chars = true;
    let mut rest = t;
    if !matches!(term::shape(t), term::Shape::Nil | term::Shape::Cons(_)) {
        return Ok(ListText::NotAList);
    }
    loop {
        match term::shape(rest) {
            term::Shape::Nil => break,
            term::Shape::Cons(cell) => {
                let (head, tail) = heap.cons(cell)?;
                match term::shape(head) {
                    term::Shape::Small(c) => match u32::try_from(c).ok().and_then(char::from_u32) {
                        Some(c) => text.push(c),
                        None => chars = false,
                    },
                    _ => return Ok(ListText::Other),
                }
                rest = tail;
            }
            _ => return Ok(ListText::Improper),
        }
    }
    Ok(if chars {
        ListText::Text(text)
    } else {
        ListText::Other
    })
}

/// A name as `filename:join([Name])` flattens it (a deep list of characters and atoms, or an
/// atom): `Err(())` when it cannot (OTP's `{error,bad_name}`), `Ok(None)` when it holds
/// integers no character has.
fn flat_name(
    heap: &Heap<'_>,
    host: &Host,
    t: Term,
) -> Result<Result<Option<String>, ()>, TermError> {
    let mut text = String::new();
    let mut chars = true;
    // (term, whether it is a list's tail, which only `[]` or a cell may be).
    let mut pending = vec![(t, true)];
    while let Some((item, is_tail)) = pending.pop() {
        match term::shape(item) {
            term::Shape::Nil => {}
            term::Shape::Cons(cell) => {
                let (head, tail) = heap.cons(cell)?;
                pending.push((tail, true));
                pending.push((head, false));
            }
            term::Shape::Small(c) if !is_tail => {
                match u32::try_from(c).ok().and_then(char::from_u32) {
                    Some(c) => text.push(c),
                    None => chars = false,
                }
            }
            term::Shape::Atom(index) if !is_tail || item == t => {
                text.push_str(host.atoms.name(index).unwrap_or(""))
            }
            _ => return Ok(Err(())),
        }
    }
    Ok(Ok(chars.then_some(text)))
}

pub(super) fn text_value(text: &str) -> Value {
    Value::proper_list(text.chars().map(|c| Value::small(c as i64)).collect())
}

pub(super) fn error_tuple(host: &mut Host, what: &str) -> Value {
    Value::Tuple(vec![
        Value::atom(host.atoms.intern("error")),
        Value::atom(host.atoms.intern(what)),
    ])
}

pub(super) fn atom_value(host: &mut Host, name: &str) -> Value {
    Value::atom(host.atoms.intern(name))
}

pub(super) fn atom_name(host: &Host, t: Term) -> Option<String> {
    match term::shape(t) {
        term::Shape::Atom(index) => host.atoms.name(index).map(str::to_string),
        _ => None,
    }
}

/// `add_path(Where, Dir)` of `code_server`: an atom is its name; a string must name a
/// directory.
fn add_one(heap: &Heap<'_>, host: &mut Host, dir: Term, first: bool) -> Result<bool, PathError> {
    let text = match atom_name(host, dir) {
        Some(name) => name,
        None => match list_text(heap, dir)? {
            ListText::Text(text) => text,
            ListText::Improper => return Err(PathError::Badarg),
            ListText::Other | ListText::NotAList => return Ok(false),
        },
    };
    Ok(host.code.code_path_mut().add(&text, first) != Err(BadDirectory))
}

/// Where `module`'s code is (`code:is_loaded/1`'s `File`): its `.beam` file, or `preloaded`.
pub(super) fn loaded_file(host: &mut Host, module: &str) -> Option<Value> {
    // Preloaded on erl, whether beamwasm implements it or loads it from erts's `ebin`.
    if PRELOADED.contains(&module) {
        return Some(atom_value(host, "preloaded"));
    }
    if let Some(file) = host.code.loaded_file(module) {
        return Some(text_value(&file));
    }
    // A module the runtime implements but OTP loads from a file (`ets`): that file.
    if BUILT_IN.contains(&module) {
        let file = host
            .code
            .code_path()
            .where_is_file(&format!("{module}.beam"));
        return Some(match file {
            Some(file) => text_value(&file),
            None => atom_value(host, "preloaded"),
        });
    }
    None
}

/// Runs one of the code-path functions.
pub(super) fn run(
    heap: &Heap<'_>,
    host: &mut Host,
    bif: CodeBif,
    args: &[Term],
) -> Result<Value, PathError> {
    use CodeBif::*;
    let is_list = |t: Term| matches!(term::shape(t), term::Shape::Nil | term::Shape::Cons(_));
    let is_atom = |t: Term| matches!(term::shape(t), term::Shape::Atom(_));
    Ok(match bif {
        CodeAddPath1 | CodeAddPatha1 | CodeAddPathz1 => {
            if !is_list(args[0]) {
                return Err(PathError::FunctionClause);
            }
            let text = match list_text(heap, args[0])? {
                ListText::Text(text) => text,
                ListText::Improper => return Err(PathError::Badarg),
                _ => return Ok(error_tuple(host, "bad_directory")),
            };
            match host.code.code_path_mut().add(&text, bif == CodeAddPatha1) {
                Ok(()) => Value::boolean(true),
                Err(BadDirectory) => error_tuple(host, "bad_directory"),
            }
        }
        CodeAddPaths1 | CodeAddPathsa1 | CodeAddPathsz1 => {
            if !is_list(args[0]) {
                return Err(PathError::FunctionClause);
            }
            // Each directory on its own; those that are none are left out, and an improper
            // tail ends the list (as in `code_server`).
            let mut rest = args[0];
            while let term::Shape::Cons(cell) = term::shape(rest) {
                let (dir, tail) = heap.cons(cell)?;
                add_one(heap, host, dir, bif == CodeAddPathsa1)?;
                rest = tail;
            }
            atom_value(host, "ok")
        }
        CodeDelPath1 => {
            if !is_list(args[0]) && !is_atom(args[0]) {
                return Err(PathError::FunctionClause);
            }
            match flat_name(heap, host, args[0])? {
                Err(()) => error_tuple(host, "bad_name"),
                Ok(None) => Value::boolean(false),
                Ok(Some(name)) => {
                    let name = path::normalize(&name);
                    Value::boolean(host.code.code_path_mut().delete(&name))
                }
            }
        }
        CodeGetPath0 => Value::proper_list(
            host.code
                .code_path()
                .texts()
                .iter()
                .map(|d| text_value(d))
                .collect(),
        ),
        CodeSetPath1 => {
            if !is_list(args[0]) {
                return Err(PathError::FunctionClause);
            }
            let Some(entries) = heap.proper_list(args[0])? else {
                return Err(PathError::Badarg);
            };
            let mut dirs = Vec::new();
            for entry in entries {
                let text = match atom_name(host, entry) {
                    Some(name) => name,
                    None => match list_text(heap, entry)? {
                        ListText::Text(text) => text,
                        ListText::Improper => return Err(PathError::Badarg),
                        _ => return Ok(error_tuple(host, "bad_directory")),
                    },
                };
                let dir = std::path::PathBuf::from(path::normalize(&text));
                if !dir.is_dir() {
                    return Ok(error_tuple(host, "bad_directory"));
                }
                dirs.push(dir);
            }
            host.code.code_path_mut().dirs = dirs;
            Value::boolean(true)
        }
        CodeWhich1 => {
            let Some(module) = atom_name(host, args[0]) else {
                return Err(PathError::FunctionClause);
            };
            match loaded_file(host, &module) {
                Some(file) => file,
                None => {
                    let file = format!("{module}.beam");
                    match host.code.code_path().where_is_file(&file) {
                        Some(found) => text_value(&found),
                        None => atom_value(host, "non_existing"),
                    }
                }
            }
        }
        CodeWhereIsFile1 => {
            if !is_list(args[0]) {
                return Err(PathError::FunctionClause);
            }
            let found = match list_text(heap, args[0])? {
                ListText::Text(file) => host.code.code_path().where_is_file(&file),
                _ => None,
            };
            match found {
                Some(found) => text_value(&found),
                None => atom_value(host, "non_existing"),
            }
        }
        CodeRootDir0 | CodeLibDir0 => {
            let Some(root) = host.code.code_path().root.as_ref() else {
                return Err(PathError::Unsupported(
                    "code:root_dir/0 without an OTP installation (no erl found)".into(),
                ));
            };
            let root = path::path_text(root);
            if bif == CodeRootDir0 {
                text_value(&root)
            } else {
                text_value(&format!("{root}/lib"))
            }
        }
        CodeLibDir1 | CodePrivDir1 | CodeLibDir2 => {
            let app = match atom_name(host, args[0]) {
                Some(name) if bif != CodeLibDir2 || is_atom(args[1]) => Some(name),
                None if bif != CodeLibDir2 && is_list(args[0]) => match list_text(heap, args[0])? {
                    ListText::Text(text) => Some(text),
                    _ => None,
                },
                _ => return Err(PathError::FunctionClause),
            };
            let dir = app.and_then(|app| host.code.code_path().lib_dir(&app));
            let sub = match bif {
                CodeLibDir2 => atom_name(host, args[1]),
                CodePrivDir1 => Some("priv".to_string()),
                _ => None,
            };
            match (dir, sub) {
                (Some(dir), Some(sub)) => text_value(&path::normalize(&format!("{dir}/{sub}"))),
                (Some(dir), None) => text_value(&dir),
                (None, _) => error_tuple(host, "bad_name"),
            }
        }
        ApplicationGetApplication1 => {
            let Some(module) = atom_name(host, args[0]) else {
                return Err(PathError::FunctionClause);
            };
            match module_application(host, &module) {
                Some(app) => Value::Tuple(vec![atom_value(host, "ok"), atom_value(host, &app)]),
                None => atom_value(host, "undefined"),
            }
        }
        ApplicationGetKey2 => {
            let (Some(app), Some(key)) = (atom_name(host, args[0]), atom_name(host, args[1]))
            else {
                // The application controller finds nothing under such a name.
                return Ok(atom_value(host, "undefined"));
            };
            if !LOADED_APPLICATIONS.contains(&app.as_str()) {
                return Ok(atom_value(host, "undefined"));
            }
            if key != "vsn" && key != "description" {
                return Err(PathError::Unsupported(format!(
                    "application:get_key/2 of key {key} (only vsn and description are kept)"
                )));
            }
            match application_key(host, &app, &key) {
                Some(text) => Value::Tuple(vec![atom_value(host, "ok"), text_value(&text)]),
                None => atom_value(host, "undefined"),
            }
        }
        other => {
            return Err(PathError::Unsupported(format!(
                "{other:?} as a code-path function"
            )))
        }
    })
}
