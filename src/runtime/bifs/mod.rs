//! The BIFs (`abi::Bif`), dispatched by the catalog's owner (`Bif::owned`) to the room that
//! implements them: the ones on terms alone (`erlang`, `float` for floats and `math`, `os`
//! for the host's environment, clocks and calendar; maps, binaries, hashes, unicode, `crypto`
//! and `re` in `runtime::data`) and those that need the VM's state (processes in
//! `runtime::process::bifs`, code loading and `fun_info` in `runtime::code`, ets tables in
//! `ets`, standard output in `io`, files and `os:cmd` in `runtime::files`, `raise/3` here). Each owner matches its own enum
//! exhaustively, so a catalog entry without an implementation does not compile.
//!
//! One calling convention: an owner's `call(&mut BifCall, OwnerBif) -> BifResult` gets the
//! machine, the process, its live registers and the arguments, and gives back a value to
//! write, or why it did not return. `run_bif` alone writes results (collecting first if
//! needed) and records exceptions with the BIF's frame.

use crate::abi::bifs::{BinaryBif, ExceptionBif, OwnedBif};
use crate::abi::term::{self, Term};
use crate::abi::Bif;
use crate::abi::NON_VALUE;
use crate::runtime::data::{binary_module, bits, checksum, crypto, hash, map, re, unicode};
use crate::runtime::error::Fault;
use crate::runtime::exception::{self, Class, Pending};
use crate::runtime::host::Host;
use crate::runtime::machine::Machine;
use crate::runtime::memory::heap_alloc::write_value;
use crate::runtime::term::atoms::AtomTable;
use crate::runtime::term::heap::{Heap, TermError};
use crate::runtime::term::value::Value;

pub(super) mod erlang;
pub(super) mod ets;
pub(super) mod float;
pub(crate) mod init;
pub(super) mod io;
pub(crate) mod os;
pub(super) mod zlib;

/// Why a BIF did not return.
#[derive(Debug)]
pub enum Raise {
    /// An Erlang exception.
    Exception { class: Class, reason: Value },
    /// A runtime fault (corrupted memory, a limit, something unsupported), not an Erlang
    /// error.
    Fault(Fault),
    /// The owner has recorded the exception (or a fault) itself.
    Recorded,
}

/// Exceptions compare by class and reason; faults by what they say (`Fault` holds errors
/// that have no equality of their own).
impl PartialEq for Raise {
    fn eq(&self, other: &Raise) -> bool {
        match (self, other) {
            (
                Raise::Exception { class, reason },
                Raise::Exception {
                    class: other_class,
                    reason: other_reason,
                },
            ) => class == other_class && reason == other_reason,
            (Raise::Fault(a), Raise::Fault(b)) => a.to_string() == b.to_string(),
            (Raise::Recorded, Raise::Recorded) => true,
            _ => false,
        }
    }
}

/// `error:Name`, an atom reason (`badarg`, `system_limit`, ...): what most BIFs raise.
pub(crate) fn error_atom(atoms: &mut AtomTable, name: &str) -> Raise {
    Raise::Exception {
        class: Class::Error,
        reason: Value::atom(atoms.intern(name)),
    }
}

pub(crate) fn badarg(atoms: &mut AtomTable) -> Raise {
    error_atom(atoms, "badarg")
}

impl From<TermError> for Raise {
    fn from(e: TermError) -> Self {
        Raise::Fault(Fault::Memory(e))
    }
}

fn is_map(heap: &Heap<'_>, t: Term) -> bool {
    use crate::runtime::term::heap::Boxed;
    match term::shape(t) {
        term::Shape::Boxed(address) => matches!(
            heap.boxed(t, address),
            Ok(Boxed::Map { .. } | Boxed::LargeMap { .. })
        ),
        _ => false,
    }
}

/// The `{error_info, Map}` element of `error/3`'s options (a proper list), if it has one.
fn error_info_option(heap: Heap<'_>, atoms: &AtomTable, options: Term) -> Option<Value> {
    let items = heap.proper_list(options).ok()??;
    items.into_iter().find_map(|item| {
        let elements = heap.tuple_elements(item).ok()??;
        match (elements.as_slice(), term::shape(*elements.first()?)) {
            ([_, map], term::Shape::Atom(a))
                if atoms.name(a) == Some("error_info") && is_map(&heap, *map) =>
            {
                Some(Value::Term(item))
            }
            _ => None,
        }
    })
}

/// What a BIF gives back: a value for `run_bif` to write to the process heap, or why not.
pub(crate) type BifResult = Result<Value, Raise>;

/// A BIF call as every owner receives it.
pub(crate) struct BifCall<'a> {
    pub machine: &'a mut dyn Machine,
    /// The calling process's context.
    pub context: u32,
    /// Its live x registers (roots if the BIF collects).
    pub live: u32,
    /// As many as the BIF's arity.
    pub args: &'a [Term],
}

impl BifCall<'_> {
    /// Runs `eval` on the arguments with the heap and the atom table: all a BIF on terms needs.
    #[inline]
    pub fn on_terms(
        &mut self,
        eval: impl FnOnce(Heap<'_>, &mut AtomTable, &[Term]) -> BifResult,
    ) -> BifResult {
        let (mem, host) = self.machine.split();
        eval(Heap::new(mem), &mut host.atoms, self.args)
    }
}

/// The result of an owner that writes its result itself: the term, or `NON_VALUE` once it has
/// recorded the exception.
pub(crate) fn from_word(word: Term) -> BifResult {
    if word == NON_VALUE {
        Err(Raise::Recorded)
    } else {
        Ok(Value::Term(word))
    }
}

/// Runs a BIF on `args` for the process at `context`: its result term, or `NON_VALUE` after
/// recording the exception it raised (`silent`: without recording it, for guards).
pub(crate) fn run_bif(
    machine: &mut dyn Machine,
    context: u32,
    live: u32,
    bif: Bif,
    args: &[Term],
    silent: bool,
) -> Term {
    let mut call = BifCall {
        machine,
        context,
        live,
        args,
    };
    let result = match bif.owned() {
        OwnedBif::Exception(ExceptionBif::Raise3) => raise3(&mut call),
        OwnedBif::Fun(b) => crate::runtime::code::fun_info::call(&mut call, b),
        OwnedBif::Process(b) => crate::runtime::process::bifs::call(&mut call, b),
        OwnedBif::Ets(b) => ets::call(&mut call, b),
        OwnedBif::Zlib(b) => zlib::call(&mut call, b),
        OwnedBif::Atomics(b) => crate::runtime::data::atomics::call(&mut call, b),
        OwnedBif::Code(b) => crate::runtime::code::bifs::call(&mut call, b),
        OwnedBif::Io(b) => io::call(&mut call, b),
        OwnedBif::File(b) => crate::runtime::files::call(&mut call, b),
        OwnedBif::Init(b) => init::call(&mut call, b),
        // Each arm calls its evaluator directly: the result is moved as little as possible
        // (this is the path of every BIF call generated code makes).
        OwnedBif::Erlang(b) => {
            call.on_terms(|heap, atoms, args| erlang::eval(b, heap, atoms, args))
        }
        OwnedBif::Float(b) => call.on_terms(|heap, atoms, args| float::eval(b, heap, atoms, args)),
        OwnedBif::Os(b) => call.on_terms(|heap, atoms, args| os::eval(b, heap, atoms, args)),
        OwnedBif::Binary(
            b @ (BinaryBif::TermToBinary1
            | BinaryBif::TermToBinary2
            | BinaryBif::ExternalSize1
            | BinaryBif::ExternalSize2
            | BinaryBif::TermToIovec1
            | BinaryBif::TermToIovec2),
        ) => {
            // A local fun's encoding names its module's MD5, which the code room has.
            let (mem, host) = call.machine.split();
            let code = &host.code;
            let module_md5 = |index: u32| code.md5(index);
            bits::term_to_binary(b, Heap::new(mem), &mut host.atoms, call.args, &module_md5)
        }
        OwnedBif::Binary(b @ (BinaryBif::BinaryToTerm1 | BinaryBif::BinaryToTerm2)) => {
            // A local fun decodes to the loaded code its module name and MD5 name.
            let (mem, host) = call.machine.split();
            let code = &host.code;
            let fun_entry =
                |module: &str, md5: &[u8; 16], index: u32| code.fun_entry(module, md5, index);
            bits::binary_to_term(b, Heap::new(mem), &mut host.atoms, call.args, &fun_entry)
        }
        OwnedBif::Binary(b) => call.on_terms(|heap, atoms, args| bits::eval(b, heap, atoms, args)),
        OwnedBif::BinaryModule(b) => {
            call.on_terms(|heap, atoms, args| binary_module::eval(b, heap, atoms, args))
        }
        OwnedBif::Checksum(b) => {
            call.on_terms(|heap, atoms, args| checksum::eval(b, heap, atoms, args))
        }
        OwnedBif::Map(b) => call.on_terms(|heap, atoms, args| map::eval(b, heap, atoms, args)),
        OwnedBif::Hash(b) => call.on_terms(|heap, atoms, args| hash::eval(b, heap, atoms, args)),
        OwnedBif::Unicode(b) => {
            call.on_terms(|heap, atoms, args| unicode::eval(b, heap, atoms, args))
        }
        OwnedBif::Crypto(b) => {
            call.on_terms(|heap, atoms, args| crypto::eval(b, heap, atoms, args))
        }
        OwnedBif::Re(b) => {
            let (mem, host) = call.machine.split();
            re::eval(
                b,
                Heap::new(mem),
                &mut host.atoms,
                &mut host.regexes,
                call.args,
            )
        }
    };
    let machine = call.machine;
    match result {
        Ok(value) => match write_value(machine, context, live, value) {
            Ok(term) => term,
            Err(fault) => {
                machine.host_mut().fault = Some(fault);
                NON_VALUE
            }
        },
        Err(Raise::Recorded) => NON_VALUE,
        Err(Raise::Exception { .. }) if silent => NON_VALUE,
        Err(Raise::Exception { class, reason }) => {
            let mut pending = Pending::new(class, reason);
            match bif {
                // Deliberate raises: the trace starts at the caller.
                // (OTP's float division raises without a frame of its own too.)
                Bif::Error1 | Bif::Exit1 | Bif::Throw1 | Bif::Divide => {}
                // `error(Reason, Args)` shows Args in the caller's frame.
                Bif::Error2 => pending.site_args = Some(Value::Term(args[1])),
                // `error(Reason, Args, Options)`: an `{error_info, Map}` option ends the
                // frame's location, as OTP puts it there.
                Bif::Error3 => {
                    pending.site_args = Some(Value::Term(args[1]));
                    pending.site_error_info = error_info_option(
                        Heap::new(machine.memory()),
                        &machine.host().atoms,
                        args[2],
                    );
                }
                // OTP raises it from Erlang code (`erlang:error(badarg, [Opts])`): its frame
                // has no location.
                Bif::InitRestart1 => {
                    let atoms = &mut machine.host_mut().atoms;
                    pending.first_frame = Some(Value::Tuple(vec![
                        Value::atom(atoms.intern("init")),
                        Value::atom(atoms.intern("restart")),
                        Value::proper_list(args.iter().map(|&t| Value::Term(t)).collect()),
                        Value::Term(term::NIL),
                    ]));
                }
                _ => pending.first_frame = Some(bif_frame(machine.host_mut(), bif, args, None)),
            }
            exception::record(machine, context, live, pending)
        }
        Err(Raise::Fault(e)) => {
            machine.host_mut().fault = Some(e.during(format!("{bif:?}")));
            NON_VALUE
        }
    }
}

/// The stack-trace frame of a BIF that failed: `{M, F, Args, [{error_info, Info}]}`.
pub(crate) fn bif_frame(host: &mut Host, bif: Bif, args: &[Term], cause: Option<&str>) -> Value {
    let (module, function, _) = bif.mfa();
    let atoms = &mut host.atoms;
    Value::Tuple(vec![
        Value::atom(atoms.intern(module)),
        Value::atom(atoms.intern(function)),
        Value::proper_list(args.iter().map(|&t| Value::Term(t)).collect()),
        exception::error_info(atoms, module, cause),
    ])
}

/// `erlang:raise(Class, Reason, Stacktrace)`: raises with the given trace. With a class or a
/// trace that is not one it does not raise: it returns `badarg` (as OTP does).
fn raise3(call: &mut BifCall<'_>) -> BifResult {
    from_word(raise_with_trace(
        call.machine,
        call.context,
        call.live,
        call.args,
    ))
}

fn raise_with_trace(machine: &mut dyn Machine, context: u32, live: u32, args: &[Term]) -> Term {
    let valid = exception::valid_stacktrace(Heap::new(machine.memory()), args[2]);
    let valid = match valid {
        Ok(valid) => valid,
        Err(e) => {
            machine.host_mut().fault = Some(Fault::from(e).during("erlang:raise/3"));
            return NON_VALUE;
        }
    };
    match exception::class_of(machine.host(), args[0]) {
        Some(class) if valid => {
            let mut pending = Pending::new(class, Value::Term(args[1]));
            pending.trace = Some(Value::Term(args[2]));
            exception::record(machine, context, live, pending)
        }
        _ => term::atom(machine.host_mut().atoms.intern("badarg")),
    }
}
