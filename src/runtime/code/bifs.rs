//! The code-loading BIFs: `erlang:module_loaded/1`, `erlang:function_exported/3`,
//! `code:ensure_loaded/1`, `code:ensure_modules_loaded/1`, `code:is_loaded/1` and
//! `erlang:get_module_info/1,2`, answered from the loaded modules and the code path, and the
//! `.beam` readers under `code:get_chunk/2` and `code:module_md5/1`; the code-path functions
//! of `code` are in `path_bifs`.

use crate::abi::bifs::CodeBif;
use crate::abi::term::{self, Term};
use crate::abi::Bif;
use crate::abi::NON_VALUE;
use crate::runtime::bifs::{from_word, BifCall, BifResult};
use crate::runtime::exception;
use crate::runtime::host::Host;
use crate::runtime::machine::Machine;
use crate::runtime::term::value::Value;

use super::path_bifs::{self, atom_name, PathError};
use super::{ensure_loaded, BUILT_IN};
use crate::runtime::error::Fault;
use crate::runtime::process::Part;
use crate::runtime::term::heap::Heap;

/// `module_info/1`'s answer for `item` of a loaded module, if beamwasm keeps it.
fn module_info_item(host: &mut Host, module: &str, item: &str) -> Option<Value> {
    let compiled = host.code.compiled(module)?;
    let pairs = |list: Vec<(String, u32)>,
                 host_atoms: &mut crate::runtime::term::atoms::AtomTable| {
        Value::proper_list(
            list.into_iter()
                .map(|(f, a)| {
                    Value::Tuple(vec![
                        Value::atom(host_atoms.intern(&f)),
                        Value::small(a as i64),
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
                Some(t) => crate::runtime::data::etf::decode_value(&mut host.atoms, &t)
                    .ok()
                    .flatten(),
                None => Some(Value::Term(term::NIL)),
            }
        }
        "md5" => Some(Value::Bitstring {
            data: compiled.md5.to_vec(),
            bits: 128,
        }),
        _ => None,
    }
}

/// This room's BIFs, in the one calling convention (`bifs::BifCall`).
pub(crate) fn call(call: &mut BifCall<'_>, bif: CodeBif) -> BifResult {
    from_word(run(
        &mut *call.machine,
        call.context,
        call.live,
        bif,
        call.args,
    ))
}

/// Runs a code-loading BIF: its result term, or `NON_VALUE` after recording an exception.
fn run(machine: &mut dyn Machine, context: u32, live: u32, owned: CodeBif, args: &[Term]) -> Term {
    let bif = Bif::from(owned);
    let name = |machine: &dyn Machine, t: Term| atom_name(machine.host(), t);
    let badarg = |machine: &mut dyn Machine| {
        exception::bif_error(machine, context, live, bif, args, "badarg")
    };
    let value = match owned {
        CodeBif::ModuleLoaded1 => match name(machine, args[0]) {
            Some(m) => {
                Value::boolean(machine.host().code.is_loaded(&m) || BUILT_IN.contains(&m.as_str()))
            }
            None => return badarg(machine),
        },
        CodeBif::IsBuiltin3 => match (
            name(machine, args[0]),
            name(machine, args[1]),
            term::shape(args[2]),
        ) {
            // A negative arity is no function's (OTP answers `false`, not `badarg`).
            (Some(m), Some(f), term::Shape::Small(a)) => {
                Value::boolean(u32::try_from(a).is_ok_and(|a| is_builtin(&m, &f, a)))
            }
            _ => return badarg(machine),
        },
        CodeBif::FunctionExported3 => match (
            name(machine, args[0]),
            name(machine, args[1]),
            term::shape(args[2]),
        ) {
            (Some(m), Some(f), term::Shape::Small(a)) if a >= 0 => {
                // An arity past `u32` is no function's.
                let exported = u32::try_from(a).is_ok_and(|a| {
                    machine.host().code.export_continuation(&m, &f, a).is_some()
                        || super::implements(&m, &f, a)
                });
                Value::boolean(exported)
            }
            _ => return badarg(machine),
        },
        CodeBif::CodeEnsureLoaded1 => match name(machine, args[0]) {
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
                    machine.host_mut().fault = Some(e.into());
                    return NON_VALUE;
                }
            },
            None => return badarg(machine),
        },
        CodeBif::CodeEnsureModulesLoaded1 => {
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
                        machine.host_mut().fault = Some(e.into());
                        return NON_VALUE;
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
        CodeBif::CodeIsLoaded1 => match name(machine, args[0]) {
            Some(m) => match path_bifs::loaded_file(machine.host_mut(), &m) {
                Some(file) => Value::Tuple(vec![
                    Value::atom(machine.host_mut().atoms.intern("file")),
                    file,
                ]),
                None => Value::boolean(false),
            },
            // `code:is_loaded/1`'s guard.
            None => {
                return exception::bif_error(machine, context, live, bif, args, "function_clause")
            }
        },
        CodeBif::CodeAddPath1
        | CodeBif::CodeAddPatha1
        | CodeBif::CodeAddPathz1
        | CodeBif::CodeAddPaths1
        | CodeBif::CodeAddPathsa1
        | CodeBif::CodeAddPathsz1
        | CodeBif::CodeDelPath1
        | CodeBif::CodeGetPath0
        | CodeBif::CodeSetPath1
        | CodeBif::CodeWhich1
        | CodeBif::CodeWhereIsFile1
        | CodeBif::CodeRootDir0
        | CodeBif::CodeLibDir0
        | CodeBif::CodeLibDir1
        | CodeBif::CodeLibDir2
        | CodeBif::CodePrivDir1
        | CodeBif::ApplicationGetApplication1
        | CodeBif::ApplicationGetKey2 => {
            if let Some(answer) = from_application_controller(machine, owned, args) {
                return match answer {
                    Ok(t) => t,
                    Err(fault) => {
                        machine.host_mut().fault = Some(fault.during(format!("{bif:?}")));
                        NON_VALUE
                    }
                };
            }
            let (mem, host) = machine.split();
            match path_bifs::run(&Heap::new(mem), host, owned, args) {
                Ok(value) => value,
                Err(failure) => return path_failure(machine, context, live, bif, args, failure),
            }
        }
        CodeBif::CodeLoadBinary3
        | CodeBif::CodeLoadFile1
        | CodeBif::CodeLoadAbs1
        | CodeBif::CodeLoadAbs2
        | CodeBif::CodeDelete1
        | CodeBif::CodePurge1
        | CodeBif::CodeSoftPurge1
        | CodeBif::CodeGetObjectCode1
        | CodeBif::CodeAllLoaded0
        | CodeBif::CodeIsSticky1
        | CodeBif::CodeGetMode0
        | CodeBif::LoadModule2
        | CodeBif::DeleteModule1
        | CodeBif::PurgeModule1
        | CodeBif::CheckOldCode1
        | CodeBif::CheckProcessCode2
        | CodeBif::CheckProcessCode3
        | CodeBif::Loaded0
        | CodeBif::PreLoaded0
        | CodeBif::PrimLoaderListDir1
        | CodeBif::PrimLoaderGetPath0
        | CodeBif::PrimLoaderGetCwd0
        | CodeBif::PrimLoaderGetCwd1
        | CodeBif::PrimLoaderReadFileInfo1
        | CodeBif::PrimLoaderReadLinkInfo1
        | CodeBif::CodePurgerPurge1
        | CodeBif::CodePurgerSoftPurge1
        | CodeBif::PrepareLoading2
        | CodeBif::FinishLoading1 => match super::server::run(machine, owned, args) {
            Ok(value) => value,
            Err(failure) => return path_failure(machine, context, live, bif, args, failure),
        },
        // `code:get_chunk/2` and `code:module_md5/1` on a `.beam` file's bytes: `undefined`
        // for bytes that are no such file (or lack the chunk).
        CodeBif::BeamfileChunk2 | CodeBif::BeamfileModuleMd5_1 => {
            let heap = Heap::new(machine.memory());
            let bytes = crate::runtime::data::bits::binary_bytes(heap, args[0]);
            let id = (owned == CodeBif::BeamfileChunk2).then(|| chunk_id(heap, args[1]));
            let bytes = match bytes {
                Ok(Some(bytes)) => bytes,
                Ok(None) => return badarg(machine),
                Err(e) => return fault(machine, e.into()),
            };
            let found = if let Some(id) = id {
                let Some(id) = id else {
                    return badarg(machine);
                };
                crate::beam::split_chunks(&bytes).ok().and_then(|chunks| {
                    let chunk = chunks.into_iter().find(|chunk| chunk.id.0 == id)?;
                    (!chunk.data.is_empty()).then(|| chunk.data.to_vec())
                })
            } else {
                crate::beam::module_md5_of(&bytes).map(|md5| md5.to_vec())
            };
            match found {
                Some(data) => Value::Bitstring {
                    bits: 8 * data.len() as u64,
                    data,
                },
                None => Value::atom(machine.host_mut().atoms.intern("undefined")),
            }
        }
        CodeBif::GetModuleInfo1 | CodeBif::GetModuleInfo2 => {
            let Some(m) = name(machine, args[0]) else {
                return badarg(machine);
            };
            if owned == CodeBif::GetModuleInfo2 {
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
    };
    match crate::runtime::memory::heap_alloc::write_value(machine, context, live, value) {
        Ok(t) => t,
        Err(message) => {
            machine.host_mut().fault = Some(message);
            NON_VALUE
        }
    }
}

/// A chunk name: a list of four bytes (`"Code"`).
fn chunk_id(heap: Heap<'_>, t: Term) -> Option<[u8; 4]> {
    let items = heap.proper_list(t).ok()??;
    let bytes: Vec<u8> = items
        .into_iter()
        .map(|item| match term::shape(item) {
            term::Shape::Small(b) => u8::try_from(b).ok(),
            _ => None,
        })
        .collect::<Option<_>>()?;
    bytes.try_into().ok()
}

fn fault(machine: &mut dyn Machine, fault: Fault) -> Term {
    machine.host_mut().fault = Some(fault);
    NON_VALUE
}

/// Raises the exception, or records the fault, of a code function that did not return.
fn path_failure(
    machine: &mut dyn Machine,
    context: u32,
    live: u32,
    bif: Bif,
    args: &[Term],
    failure: PathError,
) -> Term {
    let fault = match failure {
        PathError::FunctionClause => {
            return exception::bif_error(machine, context, live, bif, args, "function_clause")
        }
        PathError::Badarg => {
            return exception::bif_error(machine, context, live, bif, args, "badarg")
        }
        PathError::Memory(e) => Fault::Memory(e).during(format!("{bif:?}")),
        PathError::Unsupported(what) => Fault::Unsupported(what),
        PathError::Fault(fault) => fault.during(format!("{bif:?}")),
    };
    machine.host_mut().fault = Some(fault);
    NON_VALUE
}

/// `application:get_application/1` and `get_key/2` as OTP's application controller answers
/// them, from its table (`ac_tab`), when it runs (`runtime::erl::beamwasm_boot`); `None`
/// when it does not (the applications `erl` loads at start are known without it).
fn from_application_controller(
    machine: &mut dyn Machine,
    owned: CodeBif,
    args: &[Term],
) -> Option<Result<Term, Fault>> {
    if !matches!(
        owned,
        CodeBif::ApplicationGetKey2 | CodeBif::ApplicationGetApplication1
    ) {
        return None;
    }
    // get_application/1 takes a module (an atom) only: the rest is the catalog BIF's
    // function_clause, as application.erl's guard raises it.
    if owned == CodeBif::ApplicationGetApplication1
        && !matches!(term::shape(args[0]), term::Shape::Atom(_))
    {
        return None;
    }
    let ac_tab = term::atom(machine.host_mut().atoms.intern("ac_tab"));
    let objects = crate::runtime::bifs::ets::named_table_objects(machine.host(), ac_tab)?;
    let loaded = term::atom(machine.host_mut().atoms.intern("loaded"));
    let undefined = term::atom(machine.host_mut().atoms.intern("undefined"));
    let ok = term::atom(machine.host_mut().atoms.intern("ok"));
    let heap = Heap::new(machine.memory());
    let tuple = |t: Term| heap.tuple_elements(t).ok().flatten().unwrap_or_default();
    // `{{loaded, Name}, #appl{name, appl_data, descr, id, vsn, restart_type, inc_apps,
    // opt_apps, apps}}`, `#appl_data{name, regs, phases, mod, mods, maxP, maxT}`.
    let applications: Vec<(Term, Vec<Term>, Vec<Term>)> = objects
        .iter()
        .filter_map(|&object| {
            let [key, appl] = tuple(object)[..] else {
                return None;
            };
            let [tag, name] = tuple(key)[..] else {
                return None;
            };
            let appl = tuple(appl);
            let data = tuple(*appl.get(2)?);
            (tag == loaded && appl.len() == 10 && data.len() == 8).then_some((name, appl, data))
        })
        .collect();
    let found = match owned {
        CodeBif::ApplicationGetKey2 => {
            let key = match term::shape(args[1]) {
                term::Shape::Atom(a) => machine.host().atoms.name(a).unwrap_or(""),
                _ => "",
            };
            let index = |fields: &[Term], i: usize| fields.get(i).copied();
            applications
                .iter()
                .find(|(name, _, _)| *name == args[0])
                .and_then(|(_, appl, data)| match key {
                    "description" => index(appl, 3),
                    "id" => index(appl, 4),
                    "vsn" => index(appl, 5),
                    "included_applications" => index(appl, 7),
                    "applications" => index(appl, 9),
                    "optional_applications" => index(appl, 8),
                    "registered" => index(data, 2),
                    "start_phases" => index(data, 3),
                    "mod" => index(data, 4),
                    "modules" => index(data, 5),
                    "maxP" => index(data, 6),
                    "maxT" => index(data, 7),
                    _ => None,
                })
        }
        _ => applications.iter().find_map(|(name, _, data)| {
            let modules = heap.proper_list(*data.get(5)?).ok().flatten()?;
            let listed = modules.iter().any(|&m| {
                m == args[0]
                    || heap
                        .tuple_elements(m)
                        .ok()
                        .flatten()
                        .and_then(|t| t.first().copied())
                        == Some(args[0])
            });
            listed.then_some(*name)
        }),
    };
    Some(match found {
        Some(value) => crate::runtime::bifs::ets::copy_to_caller(
            machine,
            Part::Tuple(vec![Part::Term(ok), Part::Term(value)]),
        ),
        None => Ok(undefined),
    })
}

/// Modules whose functions the catalog implements where OTP runs Erlang code or NIFs, not BIFs.
const NOT_BIF_MODULES: &[&str] = &[
    "code",
    "application",
    "init",
    "erl_prim_loader",
    "erts_code_purger",
    "beamwasm",
    "prim_buffer",
    "zlib",
    "crypto",
];

/// Functions of the other modules the catalog implements that OTP 25 writes in Erlang (or as
/// NIFs): `erlang:is_builtin/3` is false for them on OTP.
const NOT_BIFS: &[(&str, &str, u32)] = &[
    ("erlang", "min", 2),
    ("erlang", "max", 2),
    ("erlang", "atom_to_binary", 1),
    ("erlang", "binary_to_atom", 1),
    ("erlang", "binary_to_existing_atom", 1),
    ("erlang", "convert_time_unit", 3),
    ("erlang", "localtime_to_universaltime", 1),
    ("erlang", "fun_info", 1),
    ("erlang", "spawn", 1),
    ("erlang", "spawn_link", 1),
    ("erlang", "spawn_monitor", 1),
    ("erlang", "spawn_monitor", 3),
    ("erlang", "spawn_opt", 2),
    ("erlang", "spawn_request", 1),
    ("erlang", "spawn_request", 2),
    ("erlang", "spawn_request", 3),
    ("erlang", "spawn_request", 4),
    ("erlang", "spawn_request", 5),
    ("erlang", "suspend_process", 1),
    ("erlang", "suspend_process", 2),
    ("erlang", "memory", 0),
    ("erlang", "memory", 1),
    ("erlang", "garbage_collect", 0),
    ("erlang", "garbage_collect", 1),
    ("erlang", "garbage_collect", 2),
    ("erlang", "alias", 0),
    ("erlang", "is_alive", 0),
    ("erlang", "send_nosuspend", 2),
    ("erlang", "send_nosuspend", 3),
    ("erlang", "load_module", 2),
    ("erlang", "purge_module", 1),
    ("erlang", "check_process_code", 2),
    ("erlang", "check_process_code", 3),
    ("erlang", "prepare_loading", 2),
    ("erlang", "halt", 0),
    ("erlang", "halt", 1),
    ("erlang", "group_leader", 2),
    ("math", "pi", 0),
    ("os", "type", 0),
    ("os", "version", 0),
    ("os", "do_cmd", 2),
    ("maps", "to_list", 1),
    ("ets", "tab2list", 1),
    ("ets", "delete_all_objects", 1),
    ("ets", "select_delete", 2),
    ("ets", "match_delete", 2),
    ("ets", "all", 0),
];

/// `erlang:is_builtin/3`: whether OTP 25 implements `module:function/arity` in C as a BIF,
/// answered for the functions beamwasm implements (the BIFs it leaves out, distribution's and
/// tracing's, answer `false`). A NIF (`prim_file:open_nif/2`) is no BIF.
fn is_builtin(module: &str, function: &str, arity: u32) -> bool {
    let nif = matches!(module, "prim_file" | "os") && function.ends_with("_nif");
    crate::abi::Bif::from_mfa(module, function, arity).is_some()
        && !nif
        && !NOT_BIF_MODULES.contains(&module)
        && !NOT_BIFS.contains(&(module, function, arity))
}
