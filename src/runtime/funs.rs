//! Calls whose target is known only at run time: funs that generated code does not call inline
//! (external funs, wrong arities, non-funs) and `apply`. The `call` primitive sets up the
//! arguments and returns the continuation to go on at (`docs/abi.md` §6).

use wasmtime::Caller;

use crate::abi::Bif;
use crate::abi::{call_op, ctx, NON_VALUE};

use super::bif::Class;
use super::exception::{self, Pending};
use super::heap::{Boxed, Heap, HeapWriter, TermError};
use super::value::Value;
use super::vm::{memory_of, run_bif, Host};
use crate::abi::term::{self, Shape};

fn read_x(caller: &mut Caller<'_, Host>, context: u32, i: u32) -> Result<u32, TermError> {
    let memory = memory_of(caller);
    Heap::new(memory.data(&*caller)).word(context + ctx::x(i))
}

fn write_x(
    caller: &mut Caller<'_, Host>,
    context: u32,
    i: u32,
    value: u32,
) -> Result<(), TermError> {
    let memory = memory_of(caller);
    HeapWriter::new(memory.data_mut(&mut *caller), 0, 0).set_word(context + ctx::x(i), value)
}

fn args(caller: &mut Caller<'_, Host>, context: u32, arity: u32) -> Result<Vec<u32>, TermError> {
    (0..arity).map(|i| read_x(caller, context, i)).collect()
}

/// Raises `{Tag, Value}`-style errors and `badarg`; returns 0 (the primitive's "raised").
fn fail(caller: &mut Caller<'_, Host>, context: u32, live: u32, pending: Pending) -> i32 {
    exception::record(caller, context, live, pending);
    0
}

fn atom(caller: &mut Caller<'_, Host>, name: &str) -> Value {
    Value::atom(caller.data_mut().atoms.intern(name))
}

/// The `call` primitive: `call(ctx, op, arity, _)`.
pub(super) fn primitive(
    mut caller: Caller<'_, Host>,
    context: i32,
    op: i32,
    arity: i32,
    _unused: i32,
) -> i32 {
    let context = context as u32;
    let arity = arity as u32;
    let result = match op as u32 {
        call_op::FUN => call_fun(&mut caller, context, arity),
        call_op::APPLY => (|| {
            let module = read_x(&mut caller, context, arity)?;
            let function = read_x(&mut caller, context, arity + 1)?;
            apply(&mut caller, context, module, function, arity)
        })(),
        call_op::APPLY_LIST => (|| {
            let module = read_x(&mut caller, context, 0)?;
            let function = read_x(&mut caller, context, 1)?;
            let list = read_x(&mut caller, context, 2)?;
            match spread(&mut caller, context, list)? {
                Some(n) => apply(&mut caller, context, module, function, n),
                None => Ok(badarg(&mut caller, context, 3)),
            }
        })(),
        call_op::APPLY_FUN_LIST => (|| {
            let f = read_x(&mut caller, context, 0)?;
            let list = read_x(&mut caller, context, 1)?;
            match spread(&mut caller, context, list)? {
                Some(n) => {
                    write_x(&mut caller, context, n, f)?;
                    call_fun(&mut caller, context, n)
                }
                None => Ok(badarg(&mut caller, context, 2)),
            }
        })(),
        other => {
            caller.data_mut().fault = Some(format!("unknown call op {other}"));
            return NON_VALUE as i32;
        }
    };
    result.unwrap_or_else(|e| {
        caller.data_mut().fault = Some(format!("dynamic call: {e}"));
        NON_VALUE as i32
    })
}

fn badarg(caller: &mut Caller<'_, Host>, context: u32, live: u32) -> i32 {
    let reason = atom(caller, "badarg");
    fail(caller, context, live, Pending::new(Class::Error, reason))
}

/// Puts the elements of a proper list into `x0..`; their number, or `None` if it is not a
/// proper list of at most the register count (minus the room a fun needs).
fn spread(
    caller: &mut Caller<'_, Host>,
    context: u32,
    list: u32,
) -> Result<Option<u32>, TermError> {
    let memory = memory_of(caller);
    let mut elements = Vec::new();
    {
        let heap = Heap::new(memory.data(&*caller));
        let mut rest = list;
        loop {
            match term::shape(rest) {
                Shape::Nil => break,
                Shape::Cons(cell) if elements.len() + 2 < ctx::X_REGISTERS as usize => {
                    let (head, tail) = heap.cons(cell)?;
                    elements.push(head);
                    rest = tail;
                }
                _ => return Ok(None),
            }
        }
    }
    for (i, &element) in elements.iter().enumerate() {
        write_x(caller, context, i as u32, element)?;
    }
    Ok(Some(elements.len() as u32))
}

/// Calls the fun in `x[arity]` with the arguments in `x[0..arity)`.
fn call_fun(caller: &mut Caller<'_, Host>, context: u32, arity: u32) -> Result<i32, TermError> {
    let f = read_x(caller, context, arity)?;
    let memory = memory_of(caller);
    let boxed = match term::shape(f) {
        Shape::Boxed(address) => Some(Heap::new(memory.data(&*caller)).boxed(f, address)?),
        _ => None,
    };
    match boxed {
        Some(Boxed::LocalFun {
            entry,
            arity: fun_arity,
            free,
            num_free,
            ..
        }) if fun_arity == arity => {
            for i in 0..num_free {
                let value = Heap::new(memory.data(&*caller)).word(free + 4 * i)?;
                write_x(caller, context, arity + i, value)?;
            }
            Ok(entry as i32)
        }
        Some(Boxed::ExternalFun {
            module,
            function,
            arity: fun_arity,
        }) if fun_arity == term::small(arity as i32) => {
            apply(caller, context, module, function, arity)
        }
        Some(Boxed::LocalFun { .. } | Boxed::ExternalFun { .. }) => {
            // {badarity, {Fun, Args}}
            let arguments = args(caller, context, arity)?;
            let reason = Value::Tuple(vec![
                atom(caller, "badarity"),
                Value::Tuple(vec![
                    Value::Term(f),
                    Value::proper_list(arguments.into_iter().map(Value::Term).collect()),
                ]),
            ]);
            Ok(fail(
                caller,
                context,
                arity + 1,
                Pending::new(Class::Error, reason),
            ))
        }
        _ => {
            let reason = Value::Tuple(vec![atom(caller, "badfun"), Value::Term(f)]);
            Ok(fail(
                caller,
                context,
                arity + 1,
                Pending::new(Class::Error, reason),
            ))
        }
    }
}

/// Calls `module:function` with the arguments in `x[0..arity)`: an exported function's
/// continuation, or a BIF run in place (its result in `x0`, going on at `cp`), or `undef`.
fn apply(
    caller: &mut Caller<'_, Host>,
    context: u32,
    module: u32,
    function: u32,
    arity: u32,
) -> Result<i32, TermError> {
    let (Shape::Atom(m), Shape::Atom(f)) = (term::shape(module), term::shape(function)) else {
        return Ok(badarg(caller, context, arity + 2));
    };
    let names = {
        let atoms = &caller.data().atoms;
        atoms
            .name(m)
            .zip(atoms.name(f))
            .map(|(m, f)| (m.to_string(), f.to_string()))
    };
    let Some((module_name, function_name)) = names else {
        return Err(TermError::Malformed {
            term: module,
            what: "atom index not in the atom table",
        });
    };
    // A BIF comes first: a module's `.beam` may hold a stub for it (maps:remove/2 in maps).
    if let Some(bif) = Bif::from_mfa(&module_name, &function_name, arity) {
        let arguments = args(caller, context, arity)?;
        let result = run_bif(caller, context, arity, bif, &arguments, false);
        if result == NON_VALUE as i32 {
            return Ok(0);
        }
        write_x(caller, context, 0, result as u32)?;
        return read_x(caller, context, 0)
            .and_then(|_| {
                let memory = memory_of(caller);
                Heap::new(memory.data(&*caller)).word(context + ctx::CP)
            })
            .map(|cp| cp as i32);
    }
    if let Some(&continuation) = caller.data().exports.get(&(m, f, arity)) {
        return Ok(continuation as i32);
    }
    // Not loaded: the code path may have it.
    let module_name = caller.data().atoms.name(m).map(str::to_string);
    if let Some(name) = module_name {
        match super::loader::ensure_loaded(caller, &name) {
            Ok(true) => {
                if let Some(&continuation) = caller.data().exports.get(&(m, f, arity)) {
                    return Ok(continuation as i32);
                }
            }
            Ok(false) => {}
            Err(e) => {
                caller.data_mut().fault = Some(e.to_string());
                return Ok(0);
            }
        }
    }
    // undef, with the missing function and its arguments as the first frame.
    let arguments = args(caller, context, arity)?;
    let reason = atom(caller, "undef");
    let mut pending = Pending::new(Class::Error, reason);
    pending.first_frame = Some(Value::Tuple(vec![
        Value::Term(module),
        Value::Term(function),
        Value::proper_list(arguments.into_iter().map(Value::Term).collect()),
        Value::Term(term::NIL),
    ]));
    Ok(fail(caller, context, arity, pending))
}

/// `erlang:fun_info(Fun, Item)`: `{Item, Value}` for the items beamwasm knows; `badarg`
/// otherwise (as for a non-fun).
pub(super) fn fun_info(
    caller: &mut Caller<'_, Host>,
    context: u32,
    live: u32,
    f: u32,
    item: u32,
) -> i32 {
    let memory = memory_of(caller);
    let boxed = match term::shape(f) {
        Shape::Boxed(address) => Heap::new(memory.data(&*caller)).boxed(f, address).ok(),
        _ => None,
    };
    let item_name = match term::shape(item) {
        Shape::Atom(index) => caller.data().atoms.name(index).map(str::to_string),
        _ => None,
    };
    let undefined = atom(caller, "undefined");
    let value = match (boxed, item_name.as_deref()) {
        (
            Some(Boxed::LocalFun {
                entry,
                index,
                arity,
                module,
                uniq,
                free,
                num_free,
            }),
            Some(name),
        ) => match name {
            "arity" => Some(Value::small(arity as i32)),
            "module" => Some(Value::Term(module)),
            "type" => Some(atom(caller, "local")),
            "index" | "new_index" => Some(Value::small(index as i32)),
            "uniq" => Some(Value::Term(uniq)),
            "env" => {
                let heap = Heap::new(memory.data(&*caller));
                let env: Result<Vec<Value>, TermError> = (0..num_free)
                    .map(|i| heap.word(free + 4 * i).map(Value::Term))
                    .collect();
                env.ok().map(Value::proper_list)
            }
            "name" => {
                let module_index = crate::abi::cp::module(entry) as usize;
                let fun_name = caller
                    .data()
                    .traces
                    .get(module_index)
                    .and_then(|t| t.fun_names.get(index as usize))
                    .cloned();
                fun_name.map(|n| atom(caller, &n))
            }
            _ => None,
        },
        (
            Some(Boxed::ExternalFun {
                module,
                function,
                arity,
            }),
            Some(name),
        ) => match name {
            "arity" => Some(Value::Term(arity)),
            "module" => Some(Value::Term(module)),
            "name" => Some(Value::Term(function)),
            "type" => Some(atom(caller, "external")),
            "env" => Some(Value::Term(term::NIL)),
            "index" | "new_index" | "uniq" | "new_uniq" | "pid" => Some(undefined),
            _ => None,
        },
        _ => None,
    };
    let Some(value) = value else {
        return run_bif_badarg(caller, context, live, f, item);
    };
    match super::vm::write_value(
        caller,
        context,
        live,
        Value::Tuple(vec![Value::Term(item), value]),
    ) {
        Ok(t) => t as i32,
        Err(message) => {
            caller.data_mut().fault = Some(message);
            NON_VALUE as i32
        }
    }
}

/// `badarg` from `fun_info/2`, with its frame.
fn run_bif_badarg(
    caller: &mut Caller<'_, Host>,
    context: u32,
    live: u32,
    f: u32,
    item: u32,
) -> i32 {
    exception::bif_error(caller, context, live, Bif::FunInfo2, &[f, item], "badarg")
}

/// Where a new process running a call starts: the continuation of the fun in `x0` (op
/// `call_op::FUN`, arity 0) or of `x0:x1(x2...)` (`call_op::APPLY_LIST`), with its arguments
/// in place in the process at `context`; 0 when the call raised (the exception is recorded).
pub(super) fn enter(
    caller: &mut Caller<'_, Host>,
    context: u32,
    op: u32,
    arity: u32,
) -> Result<u32, String> {
    let result = match op {
        call_op::FUN => call_fun(caller, context, arity),
        _ => (|| {
            let module = read_x(caller, context, 0)?;
            let function = read_x(caller, context, 1)?;
            let list = read_x(caller, context, 2)?;
            match spread(caller, context, list)? {
                Some(n) => apply(caller, context, module, function, n),
                None => Ok(badarg(caller, context, 3)),
            }
        })(),
    };
    result.map(|c| c as u32).map_err(|e| e.to_string())
}
