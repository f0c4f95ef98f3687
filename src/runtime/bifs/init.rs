//! What OTP's init process and the emulator do with the command line and the end of a run:
//! `init:get_arguments/0`, `get_argument/1`, `get_plain_arguments/0` (the flags and plain
//! arguments the VM was given, `VmOptions::arguments`), `erlang:halt/0,1,2` (the run ends at
//! once with a status, or prints a message and ends with status 1) and `init:stop/0,1` (the
//! run ends with a status once the calling process's slice is over, as init ends the system
//! after the caller has gone on for a while). The scheduler ends the run on `Host::halt`.
//! `erl_prim_loader:get_file/1` reads the files init's boot reads (resource and config files).
//! Also the text init prints when the program's main process crashes
//! (`init terminating in do_boot (...)`, its depth-limited `to_string/2`).

use std::io::Write;

use crate::abi::bifs::InitBif;
use crate::abi::term::{self, Shape, Term};
use crate::runtime::bifs::{badarg, BifCall, BifResult, Raise};
use crate::runtime::scheduler::Halt;
use crate::runtime::term::atoms::AtomTable;
use crate::runtime::term::heap::{Boxed, Heap, TermError};
use crate::runtime::term::value::Value;

/// The emulator flags (`-name value...`, in order, repeats kept) and plain arguments (after
/// `-extra` or `--`) a run was given, as `init:get_arguments/0` and
/// `get_plain_arguments/0` return them.
#[derive(Clone, Debug, Default)]
pub struct CommandLine {
    pub flags: Vec<(String, Vec<String>)>,
    pub plain: Vec<String>,
}

impl CommandLine {
    /// The flags `erl -noshell` starts with — `root`, `bindir` (of the OTP installation),
    /// `progname`, `home`, `noshell` — followed by `flags`, and the plain arguments.
    pub fn erl_noshell(flags: Vec<(String, Vec<String>)>, plain: Vec<String>) -> CommandLine {
        let mut all = Vec::new();
        if let Some(root) = crate::runtime::code::path::otp_root() {
            let bindir = std::fs::read_dir(&root)
                .into_iter()
                .flatten()
                .flatten()
                .map(|entry| entry.path())
                .filter(|path| {
                    path.file_name()
                        .and_then(|name| name.to_str())
                        .is_some_and(|name| name.starts_with("erts-"))
                })
                .map(|erts| erts.join("bin"))
                .max();
            all.push(("root".into(), vec![root.display().to_string()]));
            if let Some(bindir) = bindir {
                all.push(("bindir".into(), vec![bindir.display().to_string()]));
            }
        }
        all.push(("progname".into(), vec!["erl".into()]));
        if let Some(home) = std::env::var_os("HOME") {
            all.push(("home".into(), vec![home.to_string_lossy().into_owned()]));
        }
        all.push(("noshell".into(), Vec::new()));
        all.extend(flags);
        CommandLine { flags: all, plain }
    }
}

fn chars(text: &str) -> Value {
    Value::proper_list(text.chars().map(|c| Value::small(c as i64)).collect())
}

fn strings(values: &[String]) -> Value {
    Value::proper_list(values.iter().map(|v| chars(v)).collect())
}

/// A status `halt/1` and `init:stop/1` take: a non-negative integer (only its low byte is
/// the exit status), or a string, the message printed before the run ends with status 1.
enum Status {
    Code(i64),
    Message(String),
}

fn status(heap: Heap<'_>, t: Term) -> Result<Option<Status>, TermError> {
    match term::shape(t) {
        Shape::Small(code) if code >= 0 => Ok(Some(Status::Code(code))),
        Shape::Boxed(_) => Ok(match heap.integer(t)? {
            Some(n) if n.sign() != num_bigint::Sign::Minus => {
                i64::try_from(n % 256u32).ok().map(Status::Code)
            }
            _ => None,
        }),
        Shape::Nil => Ok(Some(Status::Message(String::new()))),
        Shape::Cons(_) => {
            let Some(elements) = heap.proper_list(t)? else {
                return Ok(None);
            };
            let text: Option<String> = elements
                .iter()
                .map(|&e| match term::shape(e) {
                    Shape::Small(c) => u32::try_from(c).ok().and_then(char::from_u32),
                    _ => None,
                })
                .collect();
            Ok(text.map(Status::Message))
        }
        _ => Ok(None),
    }
}

/// What ending with `status` does: a message goes to standard error first (lines ending in
/// CR LF, as the emulator writes them; it writes no crash dump here, so not the line that
/// announces one), and the run ends with status 1.
fn halt_with(status: Status) -> Halt {
    match status {
        // The exit status is the low byte, as the host's exit(3) takes it.
        Status::Code(code) => Halt::Status((code & 0xff) as u8),
        Status::Message(text) => {
            let mut stderr = std::io::stderr().lock();
            let text = text.replace('\n', "\r\n");
            // A closed standard error loses the message, as the emulator's would.
            let _ = stderr
                .write_all(text.as_bytes())
                .and_then(|_| stderr.write_all(b"\r\n"))
                .and_then(|_| stderr.flush());
            Halt::Status(1)
        }
    }
}

/// `halt/2`'s options: a proper list of `{flush, Boolean}`.
fn valid_halt_options(heap: Heap<'_>, atoms: &AtomTable, t: Term) -> Result<bool, TermError> {
    let Some(options) = heap.proper_list(t)? else {
        return Ok(false);
    };
    for option in options {
        let valid = match heap.tuple_elements(option)?.as_deref() {
            Some([key, value]) => {
                matches!(term::shape(*key), Shape::Atom(a) if atoms.name(a) == Some("flush"))
                    && (*value == term::atom_true() || *value == term::atom_false())
            }
            _ => false,
        };
        if !valid {
            return Ok(false);
        }
    }
    Ok(true)
}

/// This room's BIFs, in the one calling convention (`bifs::BifCall`).
pub(crate) fn call(call: &mut BifCall<'_>, bif: InitBif) -> BifResult {
    let (mem, host) = call.machine.split();
    let heap = Heap::new(mem);
    let atoms = &mut host.atoms;
    let command_line = &host.command_line;
    let ending = match bif {
        InitBif::InitGetArguments0 => {
            return Ok(Value::proper_list(
                command_line
                    .flags
                    .iter()
                    .map(|(flag, values)| {
                        Value::Tuple(vec![Value::atom(atoms.intern(flag)), strings(values)])
                    })
                    .collect(),
            ))
        }
        InitBif::InitGetArgument1 => {
            let Shape::Atom(wanted) = term::shape(call.args[0]) else {
                // init's own clause matches any term, and no flag is named by a non-atom.
                return Ok(Value::atom(atoms.intern("error")));
            };
            let wanted = atoms.name(wanted).unwrap_or_default().to_string();
            let found: Vec<Value> = command_line
                .flags
                .iter()
                .filter(|(flag, _)| *flag == wanted)
                .map(|(_, values)| strings(values))
                .collect();
            return Ok(if found.is_empty() {
                Value::atom(atoms.intern("error"))
            } else {
                Value::Tuple(vec![
                    Value::atom(atoms.intern("ok")),
                    Value::proper_list(found),
                ])
            });
        }
        InitBif::InitGetPlainArguments0 => return Ok(strings(&command_line.plain)),
        InitBif::PrimLoaderGetFile1 => {
            let name = match term::shape(call.args[0]) {
                Shape::Atom(a) => atoms.name(a).map(str::to_string),
                _ => match status(heap, call.args[0])? {
                    Some(Status::Message(text)) => Some(text),
                    _ => None,
                },
            };
            let Some(name) = name else {
                return Err(badarg(atoms));
            };
            // The loader answers `error` for a file it cannot read, whatever the reason.
            let sandbox = &host.files.sandbox;
            let readable = crate::runtime::code::loader_may_read(&host.code, sandbox, &name);
            let read = match readable {
                true => std::fs::read(sandbox.cwd.join(&name)),
                false => Err(std::io::ErrorKind::PermissionDenied.into()),
            };
            return Ok(match read {
                Ok(bytes) => Value::Tuple(vec![
                    Value::atom(atoms.intern("ok")),
                    Value::Bitstring {
                        bits: 8 * bytes.len() as u64,
                        data: bytes,
                    },
                    chars(&name),
                ]),
                Err(_) => Value::atom(atoms.intern("error")),
            });
        }
        InitBif::SystemFlag2 => {
            let flag = match term::shape(call.args[0]) {
                Shape::Atom(a) => atoms.name(a).map(str::to_string),
                _ => None,
            };
            return match flag.as_deref() {
                Some("system_logger") => {
                    let valid = matches!(term::shape(call.args[1]), Shape::Pid(_))
                        || matches!(term::shape(call.args[1]), Shape::Atom(a)
                            if matches!(atoms.name(a), Some("undefined" | "logger")));
                    if !valid {
                        return Err(badarg(atoms));
                    }
                    // The previous one; at first, as on erl, the registered `logger`.
                    let previous = host.system_logger.replace(call.args[1]);
                    Ok(Value::Term(
                        previous.unwrap_or_else(|| term::atom(atoms.intern("logger"))),
                    ))
                }
                Some(other) => Err(Raise::Fault(crate::runtime::error::Fault::Unsupported(
                    format!("erlang:system_flag({other}, _)"),
                ))),
                None => Err(badarg(atoms)),
            };
        }
        InitBif::IoPrintableRange0 => return Ok(Value::atom(atoms.intern("latin1"))),
        InitBif::ErrorLoggerWarningMap0 => return Ok(Value::atom(atoms.intern("warning"))),
        InitBif::InitObjfileExtension0 => return Ok(chars(".beam")),
        InitBif::InitArchiveExtension0 => return Ok(chars(".ez")),
        InitBif::InitGetStatus0 => {
            return Ok(Value::Tuple(vec![
                Value::atom(atoms.intern("starting")),
                Value::atom(atoms.intern("started")),
            ]))
        }
        InitBif::InitNotifyWhenStarted1 => return Ok(Value::atom(atoms.intern("started"))),
        // The boot script `erl` boots with by default names itself so.
        InitBif::InitScriptId0 => return Ok(Value::Tuple(vec![chars("Erlang/OTP"), chars("25")])),
        // init sends `{init, started}` only to a process `notify_when_started/1` did not
        // answer `started`, which it always does here: the wait is over at once (on erl,
        // waiting without asking first waits forever).
        InitBif::InitWaitUntilStarted0 => return Ok(Value::atom(atoms.intern("ok"))),
        InitBif::Halt0 => Halt::Status(0),
        InitBif::Halt1 | InitBif::Halt2 => {
            if bif == InitBif::Halt2 && !valid_halt_options(heap, atoms, call.args[1])? {
                return Err(badarg(atoms));
            }
            match term::shape(call.args[0]) {
                Shape::Atom(a) if atoms.name(a) == Some("abort") => Halt::Abort,
                _ => match status(heap, call.args[0])? {
                    Some(status) => halt_with(status),
                    None => return Err(badarg(atoms)),
                },
            }
        }
        InitBif::InitStop0
        | InitBif::InitStop1
        | InitBif::InitRestart0
        | InitBif::InitRestart1
        | InitBif::InitReboot0 => {
            if bif == InitBif::InitRestart1 && !valid_restart_options(heap, atoms, call.args[0])? {
                return Err(badarg(atoms));
            }
            // A restart runs the boot again, which here is the program itself: the run ends,
            // as after a stop (a reboot ends erl, for `heart` to start it again).
            let status = if bif != InitBif::InitStop1 {
                Status::Code(0)
            } else {
                match status(heap, call.args[0])? {
                    Some(status) => status,
                    None => return Err(badarg(atoms)),
                }
            };
            // init stops the system a while after the call returns: here, at the end of the
            // caller's slice (a message is printed then, as init prints it on halting).
            host.stop_requested.get_or_insert(match status {
                Status::Code(code) => Ok(code),
                Status::Message(text) => Err(text),
            });
            return Ok(Value::atom(atoms.intern("ok")));
        }
    };
    // The caller goes no further: it ends uncatchably, and the scheduler ends the run.
    host.halt = Some(ending);
    if let Some(process) = host.procs.current_process() {
        process.pending_exit.get_or_insert(term::atom_true());
    }
    Err(Raise::Recorded)
}

/// `init:restart/1`'s options: `[]` or `[{mode, embedded | interactive}]`.
fn valid_restart_options(heap: Heap<'_>, atoms: &AtomTable, t: Term) -> Result<bool, Raise> {
    let Some(options) = heap.proper_list(t)? else {
        return Ok(false);
    };
    Ok(match options.as_slice() {
        [] => true,
        [option] => match heap.tuple_elements(*option)?.as_deref() {
            Some([key, mode]) => {
                let name = |t: Term| match term::shape(t) {
                    Shape::Atom(a) => atoms.name(a),
                    _ => None,
                };
                name(*key) == Some("mode")
                    && matches!(name(*mode), Some("embedded" | "interactive"))
            }
            _ => false,
        },
        _ => false,
    })
}

/// `init:stop/1`'s pending end made final (its message printed): the status the run ends
/// with.
pub(crate) fn finish_pending(pending: Result<i64, String>) -> Halt {
    match pending {
        Ok(code) => halt_with(Status::Code(code)),
        Err(text) => halt_with(Status::Message(text)),
    }
}

/// Appends init's `to_string(Term, Depth)` text of `t` (`init terminating in do_boot (...)`):
/// printable lists as their characters, atoms bare, lists and tuples below depth 4 in full,
/// deeper ones as `[_]` and `{_}`, floats as `float_to_list/1` writes them, anything else
/// (binaries, funs, maps, references) as nothing.
pub(crate) fn write_init_string(
    heap: Heap<'_>,
    atoms: &AtomTable,
    t: Term,
    depth: u32,
    out: &mut Vec<u8>,
) -> Result<(), TermError> {
    // An explicit stack: a long list or a deep term never overflows the host's.
    enum Item {
        Term(Term, u32),
        Text(&'static [u8]),
    }
    let mut pending = vec![Item::Term(t, depth)];
    while let Some(item) = pending.pop() {
        let (t, depth) = match item {
            Item::Text(text) => {
                out.extend_from_slice(text);
                continue;
            }
            Item::Term(t, depth) => (t, depth),
        };
        let mut push_elements = |open: &'static [u8], close: &'static [u8], elements: &[Term]| {
            pending.push(Item::Text(close));
            for (i, &e) in elements.iter().enumerate().rev() {
                pending.push(Item::Term(e, depth + 1));
                if i > 0 {
                    pending.push(Item::Text(b","));
                }
            }
            pending.push(Item::Text(open));
        };
        match term::shape(t) {
            Shape::Nil if depth < 4 => out.extend_from_slice(b"[]"),
            Shape::Nil => out.extend_from_slice(b"[_]"),
            Shape::Cons(_) if depth < 4 => {
                // init flattens the list first: a deep list of characters is a string too.
                let flat = flatten(heap, t)?;
                let printable = flat.as_ref().is_some_and(|chars| {
                    chars.iter().all(|&c| {
                        matches!(term::shape(c), Shape::Small(c) if (32..=126).contains(&c)
                            || c == 10 || c == 13 || c == 9)
                    })
                });
                match (printable, flat) {
                    (true, Some(chars)) => {
                        out.extend(chars.iter().map(|&c| match term::shape(c) {
                            Shape::Small(c) => c as u8,
                            _ => b'?',
                        }))
                    }
                    _ => {
                        // An improper list is not one init's `[... || E <- X]` takes: it
                        // prints what it can, its proper part.
                        let mut elements = Vec::new();
                        let mut rest = t;
                        while let Shape::Cons(cell) = term::shape(rest) {
                            let (head, tail) = heap.cons(cell)?;
                            elements.push(head);
                            rest = tail;
                        }
                        push_elements(b"[", b"]", &elements);
                    }
                }
            }
            Shape::Cons(_) => out.extend_from_slice(b"[_]"),
            Shape::Atom(a) => out.extend_from_slice(atoms.name(a).unwrap_or_default().as_bytes()),
            Shape::Pid(id) => out.extend_from_slice(format!("<0.{id}.0>").as_bytes()),
            Shape::Small(v) => out.extend_from_slice(v.to_string().as_bytes()),
            Shape::Boxed(address) => match heap.boxed(t, address)? {
                Boxed::Tuple { .. } if depth < 4 => {
                    let elements = heap.tuple_elements(t)?.unwrap_or_default();
                    push_elements(b"{", b"}", &elements);
                }
                Boxed::Tuple { .. } => out.extend_from_slice(b"{_}"),
                Boxed::Float(bits) => {
                    out.extend_from_slice(float_to_list(f64::from_bits(bits)).as_bytes())
                }
                Boxed::BigInt { .. } => {
                    if let Some(n) = heap.integer(t)? {
                        out.extend_from_slice(n.to_string().as_bytes());
                    }
                }
                _ => {}
            },
            _ => {}
        }
    }
    Ok(())
}

/// The elements of a deep list, flattened (`None` for an improper list at any level).
fn flatten(heap: Heap<'_>, t: Term) -> Result<Option<Vec<Term>>, TermError> {
    let mut out = Vec::new();
    let mut pending = vec![t];
    while let Some(t) = pending.pop() {
        match term::shape(t) {
            Shape::Nil => {}
            Shape::Cons(cell) => {
                let (head, tail) = heap.cons(cell)?;
                pending.push(tail);
                match term::shape(head) {
                    Shape::Nil | Shape::Cons(_) => pending.push(head),
                    _ => out.push(head),
                }
            }
            _ => return Ok(None),
        }
    }
    Ok(Some(out))
}

/// `float_to_list(F)`: 21 significant digits in scientific notation, `1.50000000000000000000e+00`.
fn float_to_list(value: f64) -> String {
    let text = format!("{value:.20e}");
    match text.split_once('e') {
        Some((mantissa, exponent)) => {
            let (sign, digits) = match exponent.strip_prefix('-') {
                Some(digits) => ('-', digits),
                None => ('+', exponent),
            };
            format!("{mantissa}e{sign}{digits:0>2}")
        }
        None => text,
    }
}
