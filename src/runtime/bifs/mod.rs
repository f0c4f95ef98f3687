//! The BIFs (`abi::Bif`): `run_bif` dispatches each to the room that implements it — the
//! pure ones on terms (`erlang`, and `float` for the float and `math` BIFs; maps, binaries,
//! hashes and unicode in `runtime::data`), and those that need the VM's state: processes
//! (`runtime::process::bifs`), code loading (`runtime::code`), `fun_info`, ets tables
//! (`ets`) and standard output (`io`). A pure BIF computes a `Value` or raises; the result is
//! then written to the process heap, collecting first if needed.

use crate::abi::term;
use crate::abi::Bif;
use crate::abi::NON_VALUE;
use crate::runtime::error::Fault;
use crate::runtime::exception::{self, Class, Pending};
use crate::runtime::host::Host;
use crate::runtime::machine::Machine;
use crate::runtime::memory::heap_alloc::write_value;
use crate::runtime::term::heap::{Heap, TermError};
use crate::runtime::term::value::Value;

pub(super) mod erlang;
pub(super) mod ets;
pub(super) mod float;
pub(super) mod io;

/// Why a BIF did not return.
#[derive(Clone, Debug, PartialEq)]
pub enum Raise {
    /// An Erlang exception.
    Exception { class: Class, reason: Value },
    /// Memory did not hold well-formed terms: a runtime fault, not an Erlang error.
    Fault(TermError),
}

impl From<TermError> for Raise {
    fn from(e: TermError) -> Self {
        Raise::Fault(e)
    }
}

/// Whether `bif` needs the VM (processes, loaded modules, io) rather than only its arguments.
pub(crate) fn needs_vm(bif: Bif) -> bool {
    crate::runtime::process::bifs::handles(bif)
        || crate::runtime::code::bifs::handles(bif)
        || io::handles(bif)
        || ets::handles(bif)
}

/// Runs a BIF on `args` for the process at `context`: its result term, or `NON_VALUE` after
/// recording the exception it raised (`silent`: without recording it, for guards).
pub(crate) fn run_bif(
    machine: &mut dyn Machine,
    context: u32,
    live: u32,
    bif: Bif,
    args: &[u32],
    silent: bool,
) -> i32 {
    match bif {
        Bif::Raise3 => return raise3(machine, context, live, &[args[0], args[1], args[2]]),
        Bif::FunInfo2 => {
            return crate::runtime::code::calls::fun_info(machine, context, live, args[0], args[1])
        }
        b if crate::runtime::process::bifs::handles(b) => {
            return crate::runtime::process::bifs::call(machine, context, live, bif, args)
        }
        b if ets::handles(b) => return ets::call(machine, context, live, bif, args),
        b if crate::runtime::code::bifs::handles(b) => {
            return crate::runtime::code::bifs::bif(machine, context, live, bif, args)
        }
        b if io::handles(b) => return io::call(machine, context, live, bif, args),
        _ => {}
    }
    let result = {
        let (mem, host) = machine.split();
        erlang::call(bif, Heap::new(mem), &mut host.atoms, args)
    };
    match result {
        Ok(value) => match write_value(machine, context, live, value) {
            Ok(term) => term as i32,
            Err(fault) => {
                machine.host_mut().fault = Some(fault);
                NON_VALUE as i32
            }
        },
        Err(Raise::Exception { .. }) if silent => NON_VALUE as i32,
        Err(Raise::Exception { class, reason }) => {
            let mut pending = Pending::new(class, reason);
            match bif {
                // Deliberate raises: the trace starts at the caller.
                // (OTP's float division raises without a frame of its own too.)
                Bif::Error1 | Bif::Exit1 | Bif::Throw1 | Bif::Divide => {}
                // `error(Reason, Args)` shows Args in the caller's frame.
                Bif::Error2 | Bif::Error3 => pending.site_args = Some(Value::Term(args[1])),
                _ => pending.first_frame = Some(bif_frame(machine.host_mut(), bif, args)),
            }
            exception::record(machine, context, live, pending)
        }
        Err(Raise::Fault(e)) => {
            machine.host_mut().fault = Some(Fault::from(e).during(format!("{bif:?}")));
            NON_VALUE as i32
        }
    }
}

/// The stack-trace frame of a BIF that failed: `{M, F, Args, [{error_info, Info}]}`.
pub(crate) fn bif_frame(host: &mut Host, bif: Bif, args: &[u32]) -> Value {
    let (module, function, _) = bif.mfa();
    let atoms = &mut host.atoms;
    Value::Tuple(vec![
        Value::atom(atoms.intern(module)),
        Value::atom(atoms.intern(function)),
        Value::proper_list(args.iter().map(|&t| Value::Term(t)).collect()),
        exception::error_info(atoms, module),
    ])
}

/// `erlang:raise(Class, Reason, Stacktrace)`: raises with the given trace. With a class or a
/// trace that is not one it does not raise: it returns `badarg` (as OTP does).
fn raise3(machine: &mut dyn Machine, context: u32, live: u32, args: &[u32; 3]) -> i32 {
    let valid = exception::valid_stacktrace(Heap::new(machine.memory()), args[2]);
    let valid = match valid {
        Ok(valid) => valid,
        Err(e) => {
            machine.host_mut().fault = Some(Fault::from(e).during("erlang:raise/3"));
            return NON_VALUE as i32;
        }
    };
    match exception::class_of(machine.host(), args[0]) {
        Some(class) if valid => {
            let mut pending = Pending::new(class, Value::Term(args[1]));
            pending.trace = Some(Value::Term(args[2]));
            exception::record(machine, context, live, pending)
        }
        _ => term::atom(machine.host_mut().atoms.intern("badarg")) as i32,
    }
}
