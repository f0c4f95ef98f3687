//! Exceptions: what a raise records, stack traces built from the code's sites and the return
//! addresses on the stack, and `handle_error`, which unwinds to the innermost catch marker
//! (`docs/abi.md` §9).

use super::error::Fault;
use super::machine::Machine;

use crate::abi::{cp, ctx, exception_op, NON_VALUE};
use crate::abi::{Site, TraceInfo};

use super::memory::heap_alloc::write_value;
use crate::abi::term::{self, Shape, Term, WORD_BYTES};
use crate::runtime::host::Host;
use crate::runtime::memory::gc::{set_address, Layout};
use crate::runtime::term::heap::{Heap, HeapWriter, TermError};
use crate::runtime::term::value::Value;

/// An exception's class.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Class {
    Error,
    Exit,
    Throw,
}

impl Class {
    pub fn name(self) -> &'static str {
        match self {
            Class::Error => "error",
            Class::Exit => "exit",
            Class::Throw => "throw",
        }
    }
}

/// OTP's default `backtrace_depth`: a stack trace holds at most this many frames.
pub const TRACE_DEPTH: usize = 8;

/// An exception's parts: terms (`T = Term`, an `Exception` recorded on the process heap) or
/// values about to be written there (`T = Value`, a `Pending` one).
#[derive(Clone, Copy, Debug)]
pub struct Parts<T> {
    pub class: Class,
    pub reason: T,
    /// A frame to put before the raising site's: the BIF that failed, with its arguments, or
    /// the undefined function that was called.
    pub first_frame: Option<T>,
    /// Arguments to show in the site's frame instead of its arity (`error/2`).
    pub site_args: Option<T>,
    /// An `{error_info, Map}` to end the site frame's location with (`error/3`'s option).
    pub site_error_info: Option<T>,
    /// The site's frame shows the function's arguments, read from the x registers
    /// (`function_clause`).
    pub args_from_registers: bool,
    /// A stack trace given by the raiser (`erlang:raise/3`, a re-raise): used as it is.
    pub trace: Option<T>,
}

impl<T> Parts<T> {
    pub fn new(class: Class, reason: T) -> Parts<T> {
        Parts {
            class,
            reason,
            first_frame: None,
            site_args: None,
            site_error_info: None,
            args_from_registers: false,
            trace: None,
        }
    }
}

/// An exception raised in the running process and not yet handled. Every term is on the
/// process heap; nothing collects between the raise and `handle_error`.
pub type Exception = Parts<Term>;

/// The parts of an exception before they are written to the heap.
pub type Pending = Parts<Value>;

fn fault(machine: &mut dyn Machine, fault: Fault) {
    machine.host_mut().fault.get_or_insert(fault);
}

fn word(mem: &[u8], address: u32) -> Result<Term, TermError> {
    Heap::new(mem).word(address)
}

/// Records `pending` as the running process's exception, writing its terms in one go (so that
/// a collection, if one is needed, sees them all as roots). Returns `NON_VALUE`.
///
/// An exception whose parts are all terms already (`function_clause`: an atom) is recorded
/// without touching the heap, so without a collection. That is what keeps the arguments of
/// an `args_from_registers` exception alive: they stay in the x registers until
/// `handle_error` reads them, and no collection in between would root them (`live` counts
/// the registers live after the raise, not the arguments the trace shows), so a collection
/// here would leave them pointing into the emptied young heap. Such an exception must not
/// need the heap.
pub(super) fn record(machine: &mut dyn Machine, context: u32, live: u32, pending: Pending) -> Term {
    let parts = [
        Some(&pending.reason),
        pending.first_frame.as_ref(),
        pending.site_args.as_ref(),
        pending.trace.as_ref(),
        pending.site_error_info.as_ref(),
    ];
    let term = |v: Option<&Value>| match v {
        None => Some(None),
        Some(Value::Term(t)) => Some(Some(*t)),
        Some(_) => None,
    };
    if let [Some(Some(reason)), Some(first_frame), Some(site_args), Some(trace), Some(site_error_info)] =
        parts.map(term)
    {
        machine.host_mut().exception = Some(Exception {
            class: pending.class,
            reason,
            first_frame,
            site_args,
            site_error_info,
            args_from_registers: pending.args_from_registers,
            trace,
        });
        return NON_VALUE;
    }
    if pending.args_from_registers {
        fault(
            machine,
            Fault::Invariant(
                "an exception that shows the arguments in the x registers needs the heap: \
                 a collection would leave them unrooted",
            ),
        );
        return NON_VALUE;
    }
    let optional = |v: Option<Value>| v.unwrap_or(Value::Term(NON_VALUE));
    let parts = Value::Tuple(vec![
        pending.reason,
        optional(pending.first_frame),
        optional(pending.site_args),
        optional(pending.trace),
        optional(pending.site_error_info),
    ]);
    let written = match write_value(machine, context, live, parts) {
        Ok(t) => t,
        Err(e) => {
            fault(machine, e);
            return NON_VALUE;
        }
    };
    let element = |i: u32| {
        word(
            machine.memory(),
            term::address(written) + term::tuple::element(i),
        )
    };
    let read = (0..5).map(element).collect::<Result<Vec<Term>, _>>();
    match read {
        Ok(parts) => {
            let present = |t: Term| (t != NON_VALUE).then_some(t);
            machine.host_mut().exception = Some(Exception {
                class: pending.class,
                reason: parts[0],
                first_frame: present(parts[1]),
                site_args: present(parts[2]),
                site_error_info: present(parts[4]),
                args_from_registers: pending.args_from_registers,
                trace: present(parts[3]),
            });
        }
        Err(e) => fault(machine, Fault::from(e).during("recording an exception")),
    }
    NON_VALUE
}

/// Records an exception for the running process; the reason is written to its heap.
pub(super) fn raise(
    machine: &mut dyn Machine,
    context: u32,
    live: u32,
    class: Class,
    reason: Value,
) -> Term {
    record(machine, context, live, Pending::new(class, reason))
}

/// The location of a BIF's frame: `[{error_info, #{module => M}}]`, where `M` is the
/// module OTP explains the BIF's errors with. The explainer reads the error's `cause` when there is one (`#{cause => id}` for an ets
/// table that does not exist, `badopt` for a spawn option).
pub fn error_info(
    atoms: &mut crate::runtime::term::atoms::AtomTable,
    bif_module: &str,
    cause: Option<&str>,
) -> Value {
    // The application the BIF's module belongs to explains it (`erl_erts_errors` for erts's
    // modules, `erl_kernel_errors` for kernel's, `erl_stdlib_errors` for stdlib's).
    let explainer = match bif_module {
        "erlang" | "erts_internal" | "atomics" | "counters" | "persistent_term" | "erts_debug" => {
            "erl_erts_errors"
        }
        "os" | "file" | "code" => "erl_kernel_errors",
        _ => "erl_stdlib_errors",
    };
    let module = Value::atom(atoms.intern("module"));
    let explainer = Value::atom(atoms.intern(explainer));
    // Keys in map order: `cause` before `module`.
    let info = match cause {
        Some(cause) => Value::FlatMap(
            Box::new(Value::Tuple(vec![
                Value::atom(atoms.intern("cause")),
                module,
            ])),
            vec![Value::atom(atoms.intern(cause)), explainer],
        ),
        None => Value::FlatMap(Box::new(Value::Tuple(vec![module])), vec![explainer]),
    };
    Value::proper_list(vec![Value::Tuple(vec![
        Value::atom(atoms.intern("error_info")),
        info,
    ])])
}

/// Whether `t` is a stack trace `erlang:raise/3` accepts (OTP's `raise_3`): a proper list of
/// `{M, F, ArityOrArgs, Location}` or `{M, F, ArityOrArgs}` with atoms `M` and `F`,
/// `{Fun, Args, Location}` or `{Fun, Args}`, where a `Location` is a list.
pub(super) fn valid_stacktrace(heap: Heap<'_>, t: Term) -> Result<bool, TermError> {
    use crate::runtime::term::heap::Boxed;
    let is_fun = |t: Term| -> Result<bool, TermError> {
        Ok(match term::shape(t) {
            Shape::Boxed(address) => matches!(
                heap.boxed(t, address)?,
                Boxed::LocalFun { .. } | Boxed::ExternalFun { .. }
            ),
            _ => false,
        })
    };
    let is_atom = |t: Term| matches!(term::shape(t), Shape::Atom(_));
    let is_list = |t: Term| matches!(term::shape(t), Shape::Cons(_) | Shape::Nil);
    let mut rest = t;
    while let Shape::Cons(cell) = term::shape(rest) {
        let (frame, tail) = heap.cons(cell)?;
        rest = tail;
        let Shape::Boxed(address) = term::shape(frame) else {
            return Ok(false);
        };
        let Boxed::Tuple { arity, elements } = heap.boxed(frame, address)? else {
            return Ok(false);
        };
        let element = |i: u32| heap.word(elements + term::word(i));
        let ok = match arity {
            2 => is_fun(element(0)?)?,
            3 if is_fun(element(0)?)? => is_list(element(2)?),
            3 => is_atom(element(0)?) && is_atom(element(1)?),
            4 => is_atom(element(0)?) && is_atom(element(1)?) && is_list(element(3)?),
            _ => false,
        };
        if !ok {
            return Ok(false);
        }
    }
    Ok(term::shape(rest) == Shape::Nil)
}

/// Records the error `reason` (an atom) that `bif` raised on `args`, with the BIF's own frame
/// first in the stack trace, as OTP shows it. Returns `NON_VALUE`.
pub(super) fn bif_error(
    machine: &mut dyn Machine,
    context: u32,
    live: u32,
    bif: crate::abi::Bif,
    args: &[Term],
    reason: &str,
) -> Term {
    bif_error_with_cause(machine, context, live, bif, args, reason, None)
}

/// `bif_error`, the frame's `error_info` naming the error's `cause` when given.
pub(super) fn bif_error_with_cause(
    machine: &mut dyn Machine,
    context: u32,
    live: u32,
    bif: crate::abi::Bif,
    args: &[Term],
    reason: &str,
    cause: Option<&str>,
) -> Term {
    let reason = Value::atom(machine.host_mut().atoms.intern(reason));
    let mut pending = Pending::new(Class::Error, reason);
    pending.first_frame = Some(super::bifs::bif_frame(machine.host_mut(), bif, args, cause));
    record(machine, context, live, pending)
}

/// The class an atom names, if it is `error`, `exit` or `throw`.
pub(super) fn class_of(host: &Host, atom: Term) -> Option<Class> {
    let Shape::Atom(index) = term::shape(atom) else {
        return None;
    };
    match host.atoms.name(index)? {
        "error" => Some(Class::Error),
        "exit" => Some(Class::Exit),
        "throw" => Some(Class::Throw),
        _ => None,
    }
}

/// `{Module, Function, ArityOrArgs, Location}` for a site of a module.
fn site_frame(host: &mut Host, module: u32, site: &Site, args: Option<Value>) -> Option<Value> {
    site_frame_with(host, module, site, args, None)
}

/// `site_frame`, its location ending in `extra` (an `{error_info, Map}` term) when given.
fn site_frame_with(
    host: &mut Host,
    module: u32,
    site: &Site,
    args: Option<Value>,
    extra: Option<Term>,
) -> Option<Value> {
    let module_name = host.code.name(module)?.to_string();
    let info = host.code.trace(module)?;
    let (function, arity) = info.functions.get(site.function as usize)?.clone();
    let file = info.files.get(site.file as usize).cloned();
    let mut location = match file {
        Some(file) if site.line != 0 => {
            let file_atom = host.atoms.intern("file");
            let line_atom = host.atoms.intern("line");
            vec![
                Value::Tuple(vec![
                    Value::atom(file_atom),
                    Value::proper_list(file.chars().map(|c| Value::small(c as i64)).collect()),
                ]),
                Value::Tuple(vec![Value::atom(line_atom), Value::small(site.line as i64)]),
            ]
        }
        _ => Vec::new(),
    };
    location.extend(extra.map(Value::Term));
    let location = Value::proper_list(location);
    Some(Value::Tuple(vec![
        Value::atom(host.atoms.intern(&module_name)),
        Value::atom(host.atoms.intern(&function)),
        args.unwrap_or(Value::small(arity as i64)),
        location,
    ]))
}

/// The frame of the call a return address `cp` returns from, if it is one.
fn return_frame(host: &mut Host, continuation: u64) -> Option<Value> {
    let module = cp::module(continuation);
    let label = cp::label(continuation);
    let info: &TraceInfo = host.code.trace(module)?;
    let site = *info.sites.get(
        *info
            .return_sites
            .get(label.checked_sub(info.first_return_label)? as usize)? as usize,
    )?;
    site_frame(host, module, &site, None)
}

/// The stack trace of an exception raised at `site` of module `module`: the raiser's own
/// frame, the site's, then the callers' from the return addresses on the stack.
fn build_trace(
    host: &mut Host,
    mem: &[u8],
    context: u32,
    module: u32,
    site: u32,
    exception: &Exception,
) -> Result<Vec<Value>, TermError> {
    let mut frames = Vec::new();
    if let Some(first) = exception.first_frame {
        frames.push(Value::Term(first));
    }
    let site = host
        .code
        .trace(module)
        .and_then(|info| info.sites.get(site as usize))
        .copied();
    let Some(site) = site else {
        return Ok(frames);
    };
    let args = match exception.site_args {
        Some(args) => Some(Value::Term(args)),
        None if exception.args_from_registers => {
            let arity = host
                .code
                .trace(module)
                .and_then(|info| info.functions.get(site.function as usize))
                .map_or(0, |f| f.1);
            let args = (0..arity.min(ctx::X_REGISTERS))
                .map(|i| word(mem, context + ctx::x(i)).map(Value::Term))
                .collect::<Result<Vec<_>, _>>()?;
            Some(Value::proper_list(args))
        }
        None => None,
    };
    frames.extend(site_frame_with(
        host,
        module,
        &site,
        args,
        exception.site_error_info,
    ));
    callers(host, mem, context, &site, &mut frames)?;
    Ok(frames)
}

/// The frames of the process at `context` as it stands at `site` of module `module`: the
/// site's, then its callers' (`process_info`'s `current_stacktrace`).
pub(crate) fn frames_at(
    host: &mut Host,
    mem: &[u8],
    context: u32,
    module: u32,
    site: &Site,
) -> Result<Vec<Value>, TermError> {
    let mut frames: Vec<Value> = site_frame(host, module, site, None).into_iter().collect();
    callers(host, mem, context, site, &mut frames)?;
    Ok(frames)
}

/// Appends the callers' frames, from the return addresses on the stack (and in `cp` when the
/// site has no frame of its own), up to `TRACE_DEPTH` frames in all.
fn callers(
    host: &mut Host,
    mem: &[u8],
    context: u32,
    site: &Site,
    frames: &mut Vec<Value>,
) -> Result<(), TermError> {
    if !site.has_frame {
        // No frame pushed: the caller's return address is still in `cp`.
        let continuation = word(mem, context + ctx::CP)?;
        frames.extend(return_frame(host, continuation));
    }
    let layout = Layout::read(mem, context)?;
    let mut address = layout.e;
    while address < layout.young.end && frames.len() < TRACE_DEPTH {
        let w = word(mem, address)?;
        if cp::is_continuation(w) && w != cp::EXIT {
            frames.extend(return_frame(host, w));
        }
        address += WORD_BYTES;
    }
    frames.truncate(TRACE_DEPTH);
    Ok(())
}

/// The `handle_error` primitive: builds the pending exception's stack trace, then resumes at
/// the innermost catch marker on the stack (unwinding `e` to its frame, with `x0` = the
/// non-value, `x1` = class, `x2` = reason and `x3` = the raw stack trace `{Class, Frames}`),
/// or ends the process.
pub(super) fn handle_error(
    machine: &mut dyn Machine,
    context: u32,
    _jit_state: u32,
    module_base: u64,
    site: u32,
) -> u64 {
    // A process killed while running (over its max_heap_size) ends here, uncatchably.
    if machine
        .host_mut()
        .procs
        .current_process()
        .is_some_and(|p| p.pending_exit.is_some())
    {
        machine.host_mut().exception = None;
        return cp::EXIT;
    }
    let Some(exception) = machine.host_mut().exception.take() else {
        fault(
            machine,
            Fault::Invariant("an error was handled with no exception raised"),
        );
        return cp::EXIT;
    };
    let frames = match exception.trace {
        Some(trace) => Value::Term(trace),
        None => {
            let (mem, host) = machine.split();
            match build_trace(
                host,
                mem,
                context,
                cp::module(module_base),
                site,
                &exception,
            ) {
                Ok(frames) => Value::proper_list(frames),
                Err(e) => {
                    fault(machine, Fault::from(e).during("building a stack trace"));
                    return cp::EXIT;
                }
            }
        }
    };
    let raw = Value::Tuple(vec![Value::Term(class_atom(exception.class)), frames]);
    let written = match write_value(
        machine,
        context,
        0,
        Value::Tuple(vec![Value::Term(exception.reason), raw]),
    ) {
        Ok(t) => t,
        Err(e) => {
            fault(machine, e);
            return cp::EXIT;
        }
    };
    // `written` is `{Reason, Raw}`.
    let reason_at = term::address(written) + term::tuple::element(0);
    let raw_at = term::address(written) + term::tuple::element(1);
    let mem = machine.memory_mut();
    let result = (|| -> Result<Option<u64>, TermError> {
        let reason = word(mem, reason_at)?;
        let raw = word(mem, raw_at)?;
        let layout = Layout::read(mem, context)?;
        let mut frame_start = layout.e;
        let mut address = layout.e;
        while address < layout.young.end {
            let w = word(mem, address)?;
            if cp::is_continuation(w) {
                frame_start = address + WORD_BYTES;
            } else if term::is_catch_marker(w) {
                // `e` and the watermark are address fields (4 bytes), the registers words.
                set_address(mem, context + ctx::E, frame_start)?;
                if frame_start > layout.watermark {
                    set_address(mem, context + ctx::STACK_WATERMARK, frame_start)?;
                }
                let mut writer = HeapWriter::new(mem, 0, 0);
                writer.set_word(context + ctx::x(0), NON_VALUE)?;
                writer.set_word(context + ctx::x(1), class_atom(exception.class))?;
                writer.set_word(context + ctx::x(2), reason)?;
                writer.set_word(context + ctx::x(3), raw)?;
                let (module, label) = term::catch_marker_target(w);
                return Ok(Some(cp::encode(module, label)));
            }
            address += WORD_BYTES;
        }
        Ok(None)
    })();
    match result {
        Ok(Some(handler)) => handler,
        Ok(None) => {
            let reason = word(machine.memory(), reason_at).unwrap_or(exception.reason);
            let raw = word(machine.memory(), raw_at).unwrap_or(term::NIL);
            let host = machine.host_mut();
            host.uncaught = Some((exception.class, reason));
            host.uncaught_trace = Some(raw);
            cp::EXIT
        }
        Err(e) => {
            fault(machine, Fault::from(e).during("unwinding"));
            cp::EXIT
        }
    }
}

/// The atom of a class (`error`, `exit` and `throw` are fixed atoms).
fn class_atom(class: Class) -> Term {
    let name = class.name();
    let index = term::FIXED_ATOMS
        .iter()
        .position(|a| *a == name)
        .expect("error, exit and throw are fixed atoms");
    term::atom(index as u32)
}

/// The frames of a raw stack trace `{Class, Frames}` (or of a plain list of frames).
fn frames_of(mem: &[u8], raw: Term) -> Result<(Option<Term>, Term), TermError> {
    match term::shape(raw) {
        Shape::Boxed(address) => {
            let header = word(mem, address)?;
            if header == term::header(2, term::boxed::TUPLE) {
                return Ok((
                    Some(word(mem, address + term::tuple::element(0))?),
                    word(mem, address + term::tuple::element(1))?,
                ));
            }
            Ok((None, term::NIL))
        }
        _ => Ok((None, raw)),
    }
}

/// The `exception` primitive: `exception(ctx, op, a, b)`.
pub(super) fn primitive(machine: &mut dyn Machine, context: u32, op: u32, a: u64, b: u64) -> u64 {
    let x = |machine: &dyn Machine, i: u32| word(machine.memory(), context + ctx::x(i));
    let result = (|| -> Result<Term, TermError> {
        match op {
            exception_op::CATCH_VALUE => {
                let (class, reason, raw) = (x(machine, 1)?, x(machine, 2)?, x(machine, 3)?);
                let exit = Value::atom(machine.host_mut().atoms.intern("EXIT"));
                let value = match class_of(machine.host(), class) {
                    Some(Class::Throw) => return Ok(reason),
                    Some(Class::Exit) => Value::Tuple(vec![exit, Value::Term(reason)]),
                    _ => {
                        let (_, frames) = frames_of(machine.memory(), raw)?;
                        Value::Tuple(vec![
                            exit,
                            Value::Tuple(vec![Value::Term(reason), Value::Term(frames)]),
                        ])
                    }
                };
                Ok(match write_value(machine, context, 0, value) {
                    Ok(t) => t,
                    Err(e) => {
                        fault(machine, e);
                        NON_VALUE
                    }
                })
            }
            exception_op::BUILD_STACKTRACE => Ok(frames_of(machine.memory(), a)?.1),
            exception_op::RAISE => {
                let (class, frames) = frames_of(machine.memory(), a)?;
                let class = class
                    .and_then(|c| class_of(machine.host(), c))
                    .unwrap_or(Class::Error);
                let mut exception = Exception::new(class, b);
                exception.trace = Some(frames);
                machine.host_mut().exception = Some(exception);
                Ok(NON_VALUE)
            }
            exception_op::RAW_RAISE => {
                let (class, reason, raw) = (x(machine, 0)?, x(machine, 1)?, x(machine, 2)?);
                let Some(class) = class_of(machine.host(), class) else {
                    return Ok(term::atom(machine.host_mut().atoms.intern("badarg")));
                };
                let (_, frames) = frames_of(machine.memory(), raw)?;
                let mut exception = Exception::new(class, reason);
                exception.trace = Some(frames);
                machine.host_mut().exception = Some(exception);
                Ok(NON_VALUE)
            }
            other => {
                fault(
                    machine,
                    Fault::UnknownOperation {
                        primitive: "exception",
                        op: other,
                    },
                );
                Ok(NON_VALUE)
            }
        }
    })();
    result.unwrap_or_else(|e| {
        fault(machine, Fault::from(e).during("exception primitive"));
        NON_VALUE
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raise3_accepts_the_stack_traces_otp_accepts() {
        let mut memory = vec![0u8; 4096];
        let mut w = HeapWriter::new(&mut memory, 64, 4096);
        let (m, f) = (term::atom(10), term::atom(11));
        let one = term::small(1);
        let mfa = w.tuple(&[m, f, one]).unwrap();
        let mfal = w.tuple(&[m, f, one, term::NIL]).unwrap();
        let bad_location = w.tuple(&[m, f, one, m]).unwrap();
        let not_atom = w.tuple(&[one, f, one, term::NIL]).unwrap();
        let pair = w.tuple(&[m, f]).unwrap();
        let good = w.list(&[mfa, mfal], term::NIL).unwrap();
        let improper = w.list(&[mfal], m).unwrap();
        let traces = [
            (term::NIL, true),
            (good, true),
            (improper, false),
            (w.list(&[one], term::NIL).unwrap(), false),
            (w.list(&[bad_location], term::NIL).unwrap(), false),
            (w.list(&[not_atom], term::NIL).unwrap(), false),
            (w.list(&[pair], term::NIL).unwrap(), false),
            (m, false),
        ];
        for (trace, valid) in traces {
            assert_eq!(valid_stacktrace(w.heap(), trace), Ok(valid), "{trace:#x}");
        }
    }
}
