//! Calls whose target is known only at run time: funs that generated code does not call inline
//! (external funs, wrong arities, non-funs) and `apply`. The `call` primitive sets up the
//! arguments and returns the continuation to go on at (`docs/abi.md` §6). A spawned process
//! starts the same way (`enter`).

use crate::runtime::error::Fault;
use crate::runtime::machine::Machine;

use crate::abi::Bif;
use crate::abi::{call_op, ctx, NON_VALUE};

use crate::abi::term::{self, Shape, Term};
use crate::runtime::bifs::run_bif;
use crate::runtime::exception::Class;
use crate::runtime::exception::{self, Pending};
use crate::runtime::term::heap::{Boxed, Heap, HeapWriter, TermError};
use crate::runtime::term::value::Value;

fn read_x(machine: &dyn Machine, context: u32, i: u32) -> Result<Term, TermError> {
    Heap::new(machine.memory()).word(context + ctx::x(i))
}

fn write_x(machine: &mut dyn Machine, context: u32, i: u32, value: Term) -> Result<(), TermError> {
    HeapWriter::new(machine.memory_mut(), 0, 0).set_word(context + ctx::x(i), value)
}

fn args(machine: &dyn Machine, context: u32, arity: u32) -> Result<Vec<Term>, TermError> {
    let heap = Heap::new(machine.memory());
    (0..arity).map(|i| heap.word(context + ctx::x(i))).collect()
}

/// Raises `{Tag, Value}`-style errors and `badarg`; returns 0 (the primitive's "raised").
fn fail(machine: &mut dyn Machine, context: u32, live: u32, pending: Pending) -> u64 {
    exception::record(machine, context, live, pending);
    0
}

fn atom(machine: &mut dyn Machine, name: &str) -> Value {
    Value::atom(machine.host_mut().atoms.intern(name))
}

/// The `call` primitive: `call(ctx, op, arity)`: the continuation to go on at, or 0 when the
/// call raised.
pub(crate) fn primitive(machine: &mut dyn Machine, context: u32, op: u32, arity: u32) -> u64 {
    let result = match op {
        call_op::FUN => call_fun(machine, context, arity),
        call_op::APPLY => (|| {
            let module = read_x(machine, context, arity)?;
            let function = read_x(machine, context, arity + 1)?;
            apply(machine, context, module, function, arity)
        })(),
        call_op::APPLY_LIST => apply_list(machine, context),
        call_op::APPLY_FUN_LIST => apply_fun_list(machine, context),
        call_op::HIBERNATE => hibernate(machine, context),
        other => {
            machine.host_mut().fault = Some(Fault::UnknownOperation {
                primitive: "call",
                op: other,
            });
            return 0;
        }
    };
    result.unwrap_or_else(|e| {
        machine.host_mut().fault = Some(Fault::from(e).during("dynamic call"));
        0
    })
}

fn badarg(machine: &mut dyn Machine, context: u32, live: u32) -> u64 {
    let reason = atom(machine, "badarg");
    fail(machine, context, live, Pending::new(Class::Error, reason))
}

/// Puts the elements of a proper list into `x0..`; their number, or `None` if it is not a
/// proper list of at most the register count (minus the room a fun needs).
fn spread(machine: &mut dyn Machine, context: u32, list: Term) -> Result<Option<u32>, TermError> {
    let mut elements = Vec::new();
    {
        let heap = Heap::new(machine.memory());
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
    let mut registers = HeapWriter::new(machine.memory_mut(), 0, 0);
    for (i, &element) in elements.iter().enumerate() {
        registers.set_word(context + ctx::x(i as u32), element)?;
    }
    Ok(Some(elements.len() as u32))
}

/// Calls the fun in `x[arity]` with the arguments in `x[0..arity)`.
fn call_fun(machine: &mut dyn Machine, context: u32, arity: u32) -> Result<u64, TermError> {
    let f = read_x(machine, context, arity)?;
    let boxed = match term::shape(f) {
        Shape::Boxed(address) => Some(Heap::new(machine.memory()).boxed(f, address)?),
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
            let mut registers = HeapWriter::new(machine.memory_mut(), 0, 0);
            for i in 0..num_free {
                let value = registers.heap().word(free + term::word(i))?;
                registers.set_word(context + ctx::x(arity + i), value)?;
            }
            Ok(entry)
        }
        Some(Boxed::ExternalFun {
            module,
            function,
            arity: fun_arity,
        }) if fun_arity == term::small(arity as i64) => {
            apply(machine, context, module, function, arity)
        }
        Some(Boxed::LocalFun { .. } | Boxed::ExternalFun { .. }) => {
            // {badarity, {Fun, Args}}
            let arguments = args(machine, context, arity)?;
            let reason = Value::Tuple(vec![
                atom(machine, "badarity"),
                Value::Tuple(vec![
                    Value::Term(f),
                    Value::proper_list(arguments.into_iter().map(Value::Term).collect()),
                ]),
            ]);
            Ok(fail(
                machine,
                context,
                arity + 1,
                Pending::new(Class::Error, reason),
            ))
        }
        _ => {
            let reason = Value::Tuple(vec![atom(machine, "badfun"), Value::Term(f)]);
            Ok(fail(
                machine,
                context,
                arity + 1,
                Pending::new(Class::Error, reason),
            ))
        }
    }
}

/// Whether `module:function/arity` is `erlang:apply/2` or `erlang:apply/3`, which OTP's
/// `erlang` module exports as functions and generated code runs as instructions.
pub(crate) fn is_erlang_apply(module: &str, function: &str, arity: u32) -> bool {
    module == "erlang" && function == "apply" && (arity == 2 || arity == 3)
}

/// Calls `module:function` with the arguments in `x[0..arity)`: an exported function's
/// continuation, or a BIF run in place (its result in `x0`, going on at `cp`), or `undef`.
fn apply(
    machine: &mut dyn Machine,
    context: u32,
    module: Term,
    function: Term,
    arity: u32,
) -> Result<u64, TermError> {
    let (Shape::Atom(m), Shape::Atom(f)) = (term::shape(module), term::shape(function)) else {
        return Ok(badarg(machine, context, arity + 2));
    };
    let names = {
        let atoms = &machine.host().atoms;
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
    // `erlang:apply/2,3` called by name (`apply(erlang, apply, [F, Args])`, as Elixir's Task
    // does): generated code has them as instructions, and here they are the same calls.
    if is_erlang_apply(&module_name, &function_name, arity) {
        return if arity == 2 {
            apply_fun_list(machine, context)
        } else {
            apply_list(machine, context)
        };
    }
    // A BIF comes first: a module's `.beam` may hold a stub for it (maps:remove/2 in maps).
    if let Some(bif) = Bif::from_mfa(&module_name, &function_name, arity) {
        let arguments = args(machine, context, arity)?;
        // Where an applied BIF is called from is not known (`Bif::wants_call_site`).
        machine.host_mut().procs.call_site = None;
        let result = run_bif(machine, context, arity, bif, &arguments, false);
        if result == NON_VALUE {
            return Ok(0);
        }
        write_x(machine, context, 0, result)?;
        return Heap::new(machine.memory()).word(context + ctx::CP);
    }
    if let Some(continuation) = machine.host().code.exported(m, f, arity) {
        return Ok(continuation);
    }
    // Not loaded: the code path may have it.
    let module_name = machine.host().atoms.name(m).map(str::to_string);
    if let Some(name) = module_name {
        match crate::runtime::code::ensure_loaded(machine, &name) {
            Ok(true) => {
                if let Some(continuation) = machine.host().code.exported(m, f, arity) {
                    return Ok(continuation);
                }
            }
            Ok(false) => {}
            Err(e) => {
                machine.host_mut().fault = Some(e.into());
                return Ok(0);
            }
        }
    }
    // undef, with the missing function and its arguments as the first frame.
    let arguments = args(machine, context, arity)?;
    let reason = atom(machine, "undef");
    let mut pending = Pending::new(Class::Error, reason);
    pending.first_frame = Some(Value::Tuple(vec![
        Value::Term(module),
        Value::Term(function),
        Value::proper_list(arguments.into_iter().map(Value::Term).collect()),
        Value::Term(term::NIL),
    ]));
    Ok(fail(machine, context, arity, pending))
}

/// Where a new process running a call starts: the continuation of the fun in `x0` (op
/// `call_op::FUN`, arity 0) or of `x0:x1(x2...)` (`call_op::APPLY_LIST`), with its arguments
/// in place in the process at `context`; 0 when the call raised (the exception is recorded).
pub(crate) fn enter(
    machine: &mut dyn Machine,
    context: u32,
    op: u32,
    arity: u32,
) -> Result<u64, TermError> {
    if op == call_op::FUN {
        return call_fun(machine, context, arity);
    }
    apply_list(machine, context)
}

/// `erlang:apply(x0, x1)`: the fun `x0` called with the elements of the list `x1`; `badarg`
/// when `x1` is not a proper list.
fn apply_fun_list(machine: &mut dyn Machine, context: u32) -> Result<u64, TermError> {
    let f = read_x(machine, context, 0)?;
    let list = read_x(machine, context, 1)?;
    match spread(machine, context, list)? {
        Some(n) => {
            write_x(machine, context, n, f)?;
            call_fun(machine, context, n)
        }
        None => Ok(badarg(machine, context, 2)),
    }
}

/// `erlang:apply(x0, x1, x2)`: the arguments of the list `x2` spread into `x0..`; `badarg`
/// when `x2` is not a proper list.
/// `erlang:hibernate(M, F, Args)`: the process forgets its stack (nothing returns to the
/// caller; a return from `M:F` ends the process) and sleeps until a message arrives, then runs
/// `apply(M, F, Args)`. Arguments that `apply` refuses raise in the caller, stack intact.
fn hibernate(machine: &mut dyn Machine, context: u32) -> Result<u64, TermError> {
    let (module, function, list) = (
        read_x(machine, context, 0)?,
        read_x(machine, context, 1)?,
        read_x(machine, context, 2)?,
    );
    let names = |machine: &dyn Machine| {
        let atoms = &machine.host().atoms;
        match (term::shape(module), term::shape(function)) {
            (Shape::Atom(m), Shape::Atom(f)) => Some((
                atoms.name(m).unwrap_or("").to_string(),
                atoms.name(f).unwrap_or("").to_string(),
            )),
            _ => None,
        }
    };
    let Some((m, f)) = names(machine) else {
        return Ok(badarg(machine, context, 3));
    };
    let Some(arity) = Heap::new(machine.memory())
        .proper_list(list)?
        .map(|l| l.len())
    else {
        return Ok(badarg(machine, context, 3));
    };
    if u32::try_from(arity).is_ok_and(|a| Bif::from_mfa(&m, &f, a).is_some()) {
        // A BIF runs in place and returns to the caller, whose frames hibernating drops.
        machine.host_mut().fault = Some(Fault::Unsupported(format!(
            "erlang:hibernate/3 into the BIF {m}:{f}/{arity}"
        )));
        return Ok(0);
    }
    let target = apply_list(machine, context)?;
    if target == 0 {
        return Ok(0);
    }
    let layout = crate::runtime::memory::gc::Layout::read(machine.memory(), context)?;
    crate::runtime::memory::gc::set_address(
        machine.memory_mut(),
        context + ctx::E,
        layout.young.end,
    )?;
    HeapWriter::new(machine.memory_mut(), 0, 0)
        .set_word(context + ctx::CP, crate::abi::cp::EXIT)?;
    if let Some(p) = machine.host_mut().procs.current_process() {
        p.hibernating = true;
        p.save = 0;
        let state = p.state;
        // The callee's entry yields at once: the scheduler parks the process there.
        crate::runtime::memory::gc::set_address(
            machine.memory_mut(),
            state + crate::abi::jit_state::REMAINING_REDUCTIONS,
            0,
        )?;
    }
    Ok(target)
}

fn apply_list(machine: &mut dyn Machine, context: u32) -> Result<u64, TermError> {
    let module = read_x(machine, context, 0)?;
    let function = read_x(machine, context, 1)?;
    let list = read_x(machine, context, 2)?;
    match spread(machine, context, list)? {
        Some(n) => apply(machine, context, module, function, n),
        None => Ok(badarg(machine, context, 3)),
    }
}
