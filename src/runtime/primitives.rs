//! The primitives: the host functions generated code calls through `native_interface`
//! (`docs/abi.md` §6), one function per entry of `abi::foreach_primitive!`, each with exactly
//! the listed parameter and result types (`u32` for WASM's `i32`, `u64` — a term or another
//! word — for `i64`; the engine registers them by expanding that list). The small
//! ones are here; the others forward to the room that implements them.

use crate::abi::term::{self, Term};
use crate::abi::Bif;
use crate::abi::{self, cp, ctx, RaiseKind, NON_VALUE};

use super::bifs::run_bif;
use super::error::Fault;
use super::exception::{self, Pending};
use super::machine::Machine;
use super::memory::heap_alloc::collect;
use crate::runtime::exception::Class;
use crate::runtime::term::atoms::AtomTable;
use crate::runtime::term::compare::{self, Exactness};
use crate::runtime::term::heap::{Boxed, Heap, HeapWriter, TermError};
use crate::runtime::term::value::Value;

fn read_word(mem: &[u8], address: u32) -> Result<Term, TermError> {
    Heap::new(mem).word(address)
}

/// `gc(ctx, need, live)`: collects so that `need` words fit (`docs/abi.md` §4.1).
pub(super) fn gc(machine: &mut dyn Machine, context: u32, need: u32, live: u32) -> u32 {
    match collect(machine, context, need, live, &mut []) {
        Ok(()) => 1,
        // The process is killed: `handle_error` ends it.
        Err(fault) if fault.is_max_heap_size() => 0,
        Err(fault) => {
            // No heap is left to raise an exception into: the run ends with a clear error.
            machine.host_mut().fault.get_or_insert(fault);
            0
        }
    }
}

/// `bif(ctx, bif_id, live, a, b, c)`: runs a BIF of the catalog (`abi::Bif`).
pub(super) fn bif(
    machine: &mut dyn Machine,
    context: u32,
    bif: u32,
    live: u32,
    a: u64,
    b: u64,
    c: u64,
) -> u64 {
    let id = bif;
    let Some(bif) = Bif::from_id(id) else {
        machine.host_mut().fault = Some(Fault::UnknownBif(id));
        return NON_VALUE;
    };
    let arity = bif.arity();
    // Up to three arguments come in the call; a BIF of more (only ever called by `call_ext`,
    // never as a guard) finds them all in x0.. as well.
    let in_call = [a, b, c];
    if bif.wants_call_site() {
        // The argument after the last is where the call is (`Bif::wants_call_site`).
        machine.host_mut().procs.call_site = in_call.get(arity as usize).copied();
    }
    let from_registers: Vec<Term>;
    let args: &[Term] = if arity <= 3 {
        &in_call[..arity as usize]
    } else {
        let mem = machine.memory();
        match (0..arity)
            .map(|i| read_word(mem, context + ctx::x(i)))
            .collect::<Result<Vec<Term>, _>>()
        {
            Ok(args) => {
                from_registers = args;
                &from_registers
            }
            Err(e) => {
                machine.host_mut().fault = Some(Fault::from(e).during(format!("{bif:?}")));
                return NON_VALUE;
            }
        }
    };
    run_bif(
        machine,
        context,
        live & !abi::BIF_SILENT,
        bif,
        args,
        live & abi::BIF_SILENT != 0,
    )
}

/// `raise(ctx, kind, value, line)`: records the error generated code raises itself.
pub(super) fn raise(
    machine: &mut dyn Machine,
    context: u32,
    kind: u32,
    value: u64,
    _line: u32,
) -> u64 {
    let Some(kind) = RaiseKind::from_u32(kind) else {
        machine.host_mut().fault = Some(Fault::UnknownOperation {
            primitive: "raise",
            op: kind,
        });
        return NON_VALUE;
    };
    let atoms = &mut machine.host_mut().atoms;
    let tagged = |atoms: &mut AtomTable, name: &str| {
        Value::Tuple(vec![Value::atom(atoms.intern(name)), Value::Term(value)])
    };
    let reason = match kind {
        RaiseKind::Badmatch => tagged(atoms, "badmatch"),
        RaiseKind::CaseClause => tagged(atoms, "case_clause"),
        RaiseKind::TryClause => tagged(atoms, "try_clause"),
        RaiseKind::Badrecord => tagged(atoms, "badrecord"),
        RaiseKind::IfClause => Value::atom(atoms.intern("if_clause")),
        RaiseKind::FunctionClause => Value::atom(atoms.intern("function_clause")),
        RaiseKind::Badarg => Value::atom(atoms.intern("badarg")),
        RaiseKind::Badarith => Value::atom(atoms.intern("badarith")),
    };
    let mut pending = Pending::new(Class::Error, reason);
    // OTP shows the arguments of a function no clause matched.
    pending.args_from_registers = kind == RaiseKind::FunctionClause;
    exception::record(machine, context, 0, pending)
}

/// `float(ctx, op, a, b)`: `fconv` of what generated code cannot convert inline: the term
/// `a` into the float register at byte offset `b` of the context. `1`, or `0` when it raised.
pub(super) fn float(machine: &mut dyn Machine, context: u32, op: u32, a: u64, b: u32) -> u32 {
    if op != abi::float_op::CONVERT {
        machine.host_mut().fault = Some(Fault::UnknownOperation {
            primitive: "float",
            op,
        });
        return 0;
    }
    let value = {
        let heap = Heap::new(machine.memory());
        match heap.integer(a) {
            Ok(Some(i)) => Some(crate::runtime::term::value::integer_to_f64(&i)),
            Ok(None) => match term::shape(a) {
                term::Shape::Boxed(address) => match heap.boxed(a, address) {
                    Ok(Boxed::Float(bits)) => Some(f64::from_bits(bits)),
                    _ => None,
                },
                _ => None,
            },
            Err(_) => None,
        }
    };
    match value {
        Some(f) if f.is_finite() => {
            let address = context as usize + b as usize;
            match machine.memory_mut().get_mut(address..address + 8) {
                Some(slot) => {
                    slot.copy_from_slice(&f.to_le_bytes());
                    1
                }
                None => {
                    machine.host_mut().fault =
                        Some(Fault::RegisterOutOfRange { primitive: "fconv" });
                    0
                }
            }
        }
        _ => {
            let reason = Value::atom(machine.host_mut().atoms.intern("badarith"));
            exception::raise(machine, context, 0, Class::Error, reason);
            0
        }
    }
}

/// `compare(ctx, a, b)`: `-1`, `0` or `1` in term order (`1 == 1.0`), as an `i32`'s bits.
pub(super) fn compare(machine: &mut dyn Machine, _context: u32, a: u64, b: u64) -> u32 {
    compare_terms(machine, a, b, Exactness::Arithmetic) as u32
}

/// `exact_eq(ctx, a, b)`: `1` if `a =:= b`.
pub(super) fn exact_eq(machine: &mut dyn Machine, _context: u32, a: u64, b: u64) -> u32 {
    (compare_terms(machine, a, b, Exactness::Exact) == 0) as u32
}

fn compare_terms(machine: &mut dyn Machine, a: Term, b: Term, exactness: Exactness) -> i32 {
    let (mem, host) = machine.split();
    match compare::compare(Heap::new(mem), &host.atoms, a, b, exactness) {
        Ok(order) => order as i32,
        Err(e) => {
            host.fault = Some(Fault::from(e).during("comparing terms"));
            0
        }
    }
}

/// `undef(ctx, module_base, import)`: resolves an import not loaded when its module was
/// linked, loading its module from the code path.
pub(super) fn undef(machine: &mut dyn Machine, context: u32, module_base: u64, import: u32) -> u64 {
    let module = cp::module(module_base);
    let target = machine.host().code.import(module, import).cloned();
    let Some((m, f, a)) = target else {
        machine.host_mut().fault = Some(Fault::BadImport { module, import });
        return NON_VALUE;
    };
    // The module may be loadable from the code path, or loaded since the caller was linked.
    if let Err(e) = crate::runtime::code::ensure_loaded(machine, &m) {
        machine.host_mut().fault = Some(e.into());
        return NON_VALUE;
    }
    if let Some(word) = machine.host().code.export_continuation(&m, &f, a) {
        let slot = machine.host().code.import_slot(module, import);
        if let Some(slot) = slot {
            let _ = HeapWriter::new(machine.memory_mut(), 0, 0).set_word(slot, word);
        }
        return word;
    }
    // The trace starts at the missing function, with the arguments it was called with.
    let mem = machine.memory();
    let args: Result<Vec<Value>, TermError> = (0..a.min(ctx::X_REGISTERS))
        .map(|i| read_word(mem, context + ctx::x(i)).map(Value::Term))
        .collect();
    let args = match args {
        Ok(args) => args,
        Err(e) => {
            machine.host_mut().fault = Some(Fault::from(e).during("undef"));
            return NON_VALUE;
        }
    };
    let atoms = &mut machine.host_mut().atoms;
    let mut pending = Pending::new(Class::Error, Value::atom(atoms.intern("undef")));
    pending.first_frame = Some(Value::Tuple(vec![
        Value::atom(atoms.intern(&m)),
        Value::atom(atoms.intern(&f)),
        Value::proper_list(args),
        Value::Term(term::NIL),
    ]));
    exception::record(machine, context, 0, pending)
}

/// `handle_error(ctx, jit_state, module_base, site)`: unwinds to a catch handler.
pub(super) fn handle_error(
    machine: &mut dyn Machine,
    context: u32,
    jit_state: u32,
    module_base: u64,
    site: u32,
) -> u64 {
    exception::handle_error(machine, context, jit_state, module_base, site)
}

/// `map_op(ctx, op, live, a, b, c)`: the map operations (`abi::map_op`).
pub(super) fn map_op(
    machine: &mut dyn Machine,
    context: u32,
    op: u32,
    live: u32,
    a: u64,
    b: u64,
    c: u64,
) -> u64 {
    crate::runtime::data::map::primitive(machine, context, op, live, a, b, c)
}

/// `bits_op(ctx, op, live, a, b, c)`: the bit-syntax operations (`abi::bits_op`).
pub(super) fn bits_op(
    machine: &mut dyn Machine,
    context: u32,
    op: u32,
    live: u32,
    a: u64,
    b: u64,
    c: u64,
) -> u64 {
    crate::runtime::data::bits::primitive(machine, context, op, live, a, b, c)
}

/// `exception(ctx, op, a, b)`: the exception instructions' runtime part (`abi::exception_op`).
pub(super) fn exception(machine: &mut dyn Machine, context: u32, op: u32, a: u64, b: u64) -> u64 {
    exception::primitive(machine, context, op, a, b)
}

/// `call(ctx, op, arity)`: funs not called inline, and `apply` (`abi::call_op`).
pub(super) fn call(machine: &mut dyn Machine, context: u32, op: u32, arity: u32) -> u64 {
    crate::runtime::code::calls::primitive(machine, context, op, arity)
}

/// `process(ctx, op, a, b)`: receive and send (`abi::process_op`).
pub(super) fn process(machine: &mut dyn Machine, context: u32, op: u32, a: u64, b: u64) -> u64 {
    crate::runtime::process::bifs::primitive(machine, context, op, a, b)
}
