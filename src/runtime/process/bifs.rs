//! The BIFs that need the process table (spawning, links, monitors, names, the process
//! dictionary, timers, sending) and the `process` primitive behind receive and send
//! (`docs/abi.md` §6, §11).

use std::time::Duration;

use crate::runtime::error::Fault;
use crate::runtime::machine::Machine;

use crate::abi::bifs::ProcessBif;
use crate::abi::Bif;
use crate::abi::{self, ctx, jit_state, process_op, NON_VALUE};
use crate::runtime::bifs::{from_word, BifCall, BifResult};

use crate::abi::term::{self, Shape, Term};
use crate::runtime::bifs::bif_frame;
use crate::runtime::clock::{self, Instant};
use crate::runtime::exception::Class;
use crate::runtime::exception::{self, Pending};
use crate::runtime::host::Host;
use crate::runtime::memory::heap_alloc::write_value;
use crate::runtime::process::{self, copy, info, Monitor, Part, Status, Timer};
use crate::runtime::term::heap::{Boxed, Heap, HeapWriter};
use crate::runtime::term::value::Value;

fn atom(machine: &mut dyn Machine, name: &str) -> Term {
    term::atom(machine.host_mut().atoms.intern(name))
}

fn current(machine: &mut dyn Machine) -> u32 {
    machine.host().procs.current.unwrap_or(0)
}

fn fail(
    machine: &mut dyn Machine,
    context: u32,
    live: u32,
    bif: Bif,
    args: &[Term],
    reason: &str,
) -> Term {
    exception::bif_error(machine, context, live, bif, args, reason)
}

fn badarg(machine: &mut dyn Machine, context: u32, live: u32, bif: Bif, args: &[Term]) -> Term {
    fail(machine, context, live, bif, args, "badarg")
}

fn written(machine: &mut dyn Machine, context: u32, live: u32, value: Value) -> Term {
    match write_value(machine, context, live, value) {
        Ok(t) => t,
        Err(message) => {
            machine.host_mut().fault = Some(message);
            NON_VALUE
        }
    }
}

fn list_terms(mem: &[u8], list: Term) -> Option<Vec<Term>> {
    Heap::new(mem).proper_list(list).ok().flatten()
}

fn tuple_terms(mem: &[u8], t: Term) -> Option<Vec<Term>> {
    Heap::new(mem).tuple_elements(t).ok().flatten()
}

fn is_alive(machine: &mut dyn Machine, pid: u32) -> bool {
    machine.host().procs.table.contains_key(&pid)
}

/// How a new process starts: a fun of arity 0, or `M:F(Args)` (the argument list, a term or
/// built by the runtime, and its length).
enum Start {
    Fun(Term),
    Apply(Term, Term, Part, u32),
}

#[derive(Default)]
struct SpawnOptions {
    link: bool,
    monitor: bool,
    /// `{monitor, Options}`: the monitor's alias mode and tag.
    monitor_alias: Option<process::AliasMode>,
    monitor_tag: Option<Term>,
    max_heap_words: u32,
}

/// Creates a process running `start` (its terms copied over) and queues it.
fn spawn(machine: &mut dyn Machine, start: Start, options: &SpawnOptions) -> Result<u32, Fault> {
    let parent = current(machine);
    let pid = process::create(machine, process::SPAWN_HEAP)?;
    // The arguments travel like a message, into the child's first fragment.
    let (parts, arity) = match start {
        Start::Fun(f) => (vec![Part::Term(f)], 0),
        Start::Apply(m, f, ref args, n) => (vec![Part::Term(m), Part::Term(f), args.clone()], n),
    };
    let (copied, block) = process::copy_message(machine, &parts)?;
    let context = machine.host().procs.table[&pid].context;
    // A fun's process starts in `erlang:apply/2`, as OTP reports it.
    let initial_call = match start {
        Start::Fun(_) => (atom(machine, "erlang"), atom(machine, "apply"), 2),
        Start::Apply(m, f, ..) => (m, f, arity),
    };
    let group_leader = machine
        .host()
        .procs
        .table
        .get(&parent)
        .and_then(|p| p.group_leader);
    if let Some(p) = machine.host_mut().procs.table.get_mut(&pid) {
        p.fragments.extend(block);
        p.max_heap_words = options.max_heap_words;
        p.initial_call = initial_call;
        p.parent = Some(parent);
        p.group_leader = group_leader;
    }
    // Enter through the `call` primitive's logic: a fun call of arity 0, or an apply.
    let continuation = {
        let mem = machine.memory_mut();
        let mut writer = HeapWriter::new(mem, 0, 0);
        let set_x = |w: &mut HeapWriter<'_>, i: u32, v: Term| w.set_word(context + ctx::x(i), v);
        match start {
            Start::Fun(_) => {
                set_x(&mut writer, 0, copied)?;
                abi::call_op::FUN
            }
            Start::Apply(..) => {
                let parts = tuple_terms(mem, copied).unwrap_or_default();
                let mut writer = HeapWriter::new(mem, 0, 0);
                for (i, p) in parts.iter().enumerate() {
                    writer.set_word(context + ctx::x(i as u32), *p)?;
                }
                abi::call_op::APPLY_LIST
            }
        }
    };
    let entry = crate::runtime::code::calls::enter(machine, context, continuation, arity)?;
    if entry == 0 {
        // The start raised (`undef`, `badarity`...): the process exits at once with
        // `{Reason, [Frame]}`, as it would after running into the error.
        let Some(e) = machine.host_mut().exception.take() else {
            return Err(Fault::Invariant(
                "spawn: a failed start without an exception",
            ));
        };
        let frames = e.first_frame.map(Part::Term).into_iter().collect();
        let reason = Part::Tuple(vec![Part::Term(e.reason), Part::List(frames)]);
        let (reason, block) = process::copy_message(machine, &[reason])?;
        if let Some(p) = machine.host_mut().procs.table.get_mut(&pid) {
            p.pending_exit = Some(reason);
            p.fragments.extend(block);
        }
    }
    {
        let procs = &mut machine.host_mut().procs;
        if let Some(p) = procs.table.get_mut(&pid) {
            p.continuation = entry;
        }
        procs.run_queue.push_back(pid);
    }
    if options.link {
        link(machine, parent, pid);
    }
    Ok(pid)
}

/// Starts `module:function(Args...)` in a process of the runtime's own making (a server OTP's
/// boot would have started, such as the file server), registered as `name`; its pid.
pub(crate) fn spawn_registered(
    machine: &mut dyn Machine,
    name: &str,
    module: &str,
    function: &str,
    args: Vec<Part>,
) -> Result<u32, Fault> {
    let arity = args.len() as u32;
    let (m, f, name) = (
        atom(machine, module),
        atom(machine, function),
        atom(machine, name),
    );
    let start = Start::Apply(m, f, Part::List(args), arity);
    let pid = spawn(machine, start, &SpawnOptions::default())?;
    let procs = &mut machine.host_mut().procs;
    procs.registry.insert(name, pid);
    if let Some(p) = procs.table.get_mut(&pid) {
        p.registered = Some(name);
        p.parent = None;
        p.group_leader = None;
    }
    Ok(pid)
}

fn link(machine: &mut dyn Machine, a: u32, b: u32) {
    let procs = &mut machine.host_mut().procs;
    if let Some(p) = procs.table.get_mut(&a) {
        if !p.links.contains(&b) {
            p.links.push(b);
        }
    }
    if let Some(p) = procs.table.get_mut(&b) {
        if !p.links.contains(&a) {
            p.links.push(a);
        }
    }
}

/// Makes the running process monitor `target` (which it named `named`) by `reference`, its
/// `'DOWN'` message tagged `tag` when given (a dead target's is sent at once).
fn monitor(
    machine: &mut dyn Machine,
    target: u32,
    named: Term,
    reference: u64,
    tag: Option<Term>,
) -> Result<(), Fault> {
    let watcher = current(machine);
    if is_alive(machine, target) {
        let procs = &mut machine.host_mut().procs;
        if let Some(t) = procs.table.get_mut(&target) {
            t.monitored_by.push(Monitor {
                reference,
                watcher,
                target: named,
                tag,
            });
        }
        if let Some(w) = procs.table.get_mut(&watcher) {
            w.monitoring.push((reference, target));
        }
    } else {
        let target = match term::shape(named) {
            Shape::Atom(_) => Part::Tuple(vec![
                Part::Term(named),
                Part::Term(atom(machine, "nonode@nohost")),
            ]),
            _ => Part::Term(named),
        };
        let down = atom(machine, "DOWN");
        let parts = [
            Part::Term(tag.unwrap_or(down)),
            Part::Reference(reference),
            Part::Term(atom(machine, "process")),
            target,
            Part::Term(atom(machine, "noproc")),
        ];
        process::send(machine, watcher, &parts)?;
    }
    Ok(())
}

/// `monitor/3`'s options: the alias mode and the tag asked for, if any; `Err(None)` when they
/// are not valid, `Err(Some(_))` for a tag that is not an immediate term (not supported).
fn monitor_options(
    machine: &mut dyn Machine,
    list: Term,
) -> Result<(Option<process::AliasMode>, Option<Term>), Option<Fault>> {
    let items = list_terms(machine.memory(), list).ok_or(None)?;
    let (mut mode, mut tag) = (None, None);
    for item in items {
        let pair = tuple_terms(machine.memory(), item).ok_or(None)?;
        let [key, value] = pair.as_slice() else {
            return Err(None);
        };
        if *key == atom(machine, "alias") {
            let name = match term::shape(*value) {
                Shape::Atom(a) => machine.host().atoms.name(a),
                _ => None,
            };
            mode = Some(match name {
                Some("explicit_unalias") => process::AliasMode::Explicit,
                Some("demonitor") => process::AliasMode::Demonitor,
                Some("reply_demonitor") => process::AliasMode::ReplyDemonitor,
                _ => return Err(None),
            });
        } else if *key == atom(machine, "tag") {
            // The tag is kept with the monitor, outside every heap: an immediate only.
            if !matches!(
                term::shape(*value),
                Shape::Atom(_) | Shape::Small(_) | Shape::Nil | Shape::Pid(_) | Shape::Port(_)
            ) {
                return Err(Some(Fault::Unsupported(
                    "erlang:monitor/3 option {tag, Tag} with a tag that is not an atom, a \
                     small integer, [], a pid or a port"
                        .to_string(),
                )));
            }
            tag = Some(*value);
        } else {
            return Err(None);
        }
    }
    Ok((mode, tag))
}

fn spawn_options(machine: &mut dyn Machine, list: Term) -> Result<SpawnOptions, Option<Fault>> {
    let items = list_terms(machine.memory(), list).ok_or(None)?;
    let mut options = SpawnOptions::default();
    for item in items {
        spawn_option(machine, item, &mut options)?;
    }
    Ok(options)
}

/// Reads one option of `spawn_opt` or `spawn_request` into `options`; `Err(None)` when it is
/// not one.
fn spawn_option(
    machine: &mut dyn Machine,
    item: Term,
    options: &mut SpawnOptions,
) -> Result<(), Option<Fault>> {
    if item == atom(machine, "link") {
        options.link = true;
        return Ok(());
    }
    if item == atom(machine, "monitor") {
        options.monitor = true;
        return Ok(());
    }
    let pair = tuple_terms(machine.memory(), item).ok_or(None)?;
    let [key, value] = pair.as_slice() else {
        return Err(None);
    };
    let key = match term::shape(*key) {
        Shape::Atom(a) => machine.host().atoms.name(a).unwrap_or_default().to_string(),
        _ => return Err(None),
    };
    let value_atom = match term::shape(*value) {
        Shape::Atom(a) => machine.host().atoms.name(a).map(str::to_string),
        _ => None,
    };
    let count = match term::shape(*value) {
        Shape::Small(n) if n >= 0 => Some(n),
        _ => None,
    };
    match key.as_str() {
        "monitor" => {
            let (alias, tag) = monitor_options(machine, *value)?;
            (options.monitor, options.monitor_alias, options.monitor_tag) = (true, alias, tag);
        }
        "max_heap_size" => match count {
            Some(n) => options.max_heap_words = u32::try_from(n).unwrap_or(u32::MAX),
            None => {
                return Err(Some(Fault::Unsupported(
                    "a max_heap_size spawn option that is not a word count".to_string(),
                )))
            }
        },
        // Options that change nothing here, with values OTP accepts.
        "priority"
            if matches!(
                value_atom.as_deref(),
                Some("low" | "normal" | "high" | "max")
            ) => {}
        "message_queue_data" if matches!(value_atom.as_deref(), Some("on_heap" | "off_heap")) => {}
        "fullsweep_after" | "min_heap_size" | "min_bin_vheap_size" if count.is_some() => {}
        _ => return Err(None),
    }
    Ok(())
}

/// The spawn family: the result term (a pid, or `{Pid, Ref}`).
fn spawn_bif(machine: &mut dyn Machine, context: u32, live: u32, bif: Bif, args: &[Term]) -> Term {
    let valid_mfa = |machine: &mut dyn Machine, m: Term, f: Term, a: Term| {
        matches!(term::shape(m), Shape::Atom(_))
            && matches!(term::shape(f), Shape::Atom(_))
            && list_terms(machine.memory(), a).is_some()
    };
    let (start, mut options) = match bif {
        Bif::Spawn1 | Bif::SpawnLink1 | Bif::SpawnMonitor1 | Bif::SpawnOpt2 => {
            if !is_fun0(machine, args[0]) {
                return badarg(machine, context, live, bif, args);
            }
            (Start::Fun(args[0]), SpawnOptions::default())
        }
        _ => {
            if !valid_mfa(machine, args[0], args[1], args[2]) {
                return badarg(machine, context, live, bif, args);
            }
            let arity = list_terms(machine.memory(), args[2]).map_or(0, |a| a.len() as u32);
            (
                Start::Apply(args[0], args[1], Part::Term(args[2]), arity),
                SpawnOptions::default(),
            )
        }
    };
    match bif {
        Bif::SpawnLink1 | Bif::SpawnLink3 => options.link = true,
        Bif::SpawnMonitor1 | Bif::SpawnMonitor3 => options.monitor = true,
        Bif::SpawnOpt2 | Bif::SpawnOpt4 => {
            let list = if bif == Bif::SpawnOpt2 {
                args[1]
            } else {
                args[3]
            };
            match spawn_options(machine, list) {
                Ok(o) => options = o,
                Err(None) => return badarg(machine, context, live, bif, args),
                Err(Some(fault)) => {
                    machine.host_mut().fault = Some(fault);
                    return NON_VALUE;
                }
            }
        }
        _ => {}
    }
    let reference = options
        .monitor
        .then(|| machine.host_mut().procs.new_reference());
    match (
        spawn_monitored(machine, start, &options, reference),
        reference,
    ) {
        (Ok(pid), Some(reference)) => {
            let r = Value::Reference(reference);
            written(
                machine,
                context,
                live,
                Value::Tuple(vec![Value::Term(term::pid(pid)), r]),
            )
        }
        (Ok(pid), None) => term::pid(pid),
        (Err(fault), _) => {
            machine.host_mut().fault = Some(fault);
            NON_VALUE
        }
    }
}

/// Spawns `start`, monitored by `monitor_reference` when given, with the options' alias and tag.
fn spawn_monitored(
    machine: &mut dyn Machine,
    start: Start,
    options: &SpawnOptions,
    monitor_reference: Option<u64>,
) -> Result<u32, Fault> {
    let pid = spawn(machine, start, options)?;
    if let Some(reference) = monitor_reference {
        monitor(machine, pid, term::pid(pid), reference, options.monitor_tag)?;
        if let Some(mode) = options.monitor_alias {
            let me = current(machine);
            let alias = process::Alias { pid: me, mode };
            machine.host_mut().procs.aliases.insert(reference, alias);
        }
    }
    Ok(pid)
}

/// How `spawn_request` replies: `{reply, yes | no | error_only | success_only}`.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Reply {
    Yes,
    No,
    ErrorOnly,
    SuccessOnly,
}

/// `erlang:spawn_request/1..5` (and `spawn_request_abandon/1`): the arguments sorted out as
/// OTP's `erlang.erl` does; a request id (a reference), and the reply `{Tag, ReqId, ok, Pid}`
/// or `{Tag, ReqId, error, Reason}` sent at once (a local spawn completes at once). Invalid
/// options are the reply `badopt`; another node the reply `noconnection` (this node is not
/// distributed).
fn spawn_request(
    machine: &mut dyn Machine,
    context: u32,
    live: u32,
    bif: Bif,
    args: &[Term],
) -> Term {
    let local = atom(machine, "nonode@nohost");
    let is_atom = |t: Term| matches!(term::shape(t), Shape::Atom(_));
    if bif == Bif::SpawnRequestAbandon1 {
        // Every request is answered when it is made: none is outstanding.
        return match process::reference_value(machine.memory(), args[0]) {
            Some(_) => term::atom_false(),
            None => badarg(machine, context, live, bif, args),
        };
    }
    let mfa = |m: Term, f: Term, a: Term, machine: &mut dyn Machine| {
        let arity = list_terms(machine.memory(), a).map(|a| a.len() as u32)?;
        (is_atom(m) && is_atom(f)).then_some(Start::Apply(m, f, Part::Term(a), arity))
    };
    // `spawn_request/4`'s two readings: `(Node, M, F, A)` when its third argument is an atom.
    let four = |a: [Term; 4], machine: &mut dyn Machine| {
        if is_atom(a[2]) {
            mfa(a[1], a[2], a[3], machine).map(|s| (a[0], s, term::NIL))
        } else {
            mfa(a[0], a[1], a[2], machine).map(|s| (local, s, a[3]))
        }
    };
    let request = match *args {
        [f] if is_fun0(machine, f) => Some((local, Start::Fun(f), term::NIL)),
        [f, o] if is_fun0(machine, f) => Some((local, Start::Fun(f), o)),
        [n, f] if is_fun0(machine, f) => Some((n, Start::Fun(f), term::NIL)),
        [n, f, o] if is_fun0(machine, f) => Some((n, Start::Fun(f), o)),
        [m, f, a] => four([m, f, a, term::NIL], machine),
        [a1, a2, a3, a4] => four([a1, a2, a3, a4], machine),
        [n, m, f, a, o] => mfa(m, f, a, machine).map(|s| (n, s, o)),
        _ => None,
    };
    let Some((node, start, option_list)) = request.filter(|(n, ..)| is_atom(*n)) else {
        return badarg(machine, context, live, bif, args);
    };
    let Some(items) = list_terms(machine.memory(), option_list) else {
        return exception::bif_error_with_cause(
            machine,
            context,
            live,
            bif,
            args,
            "badarg",
            Some("badopt"),
        );
    };
    // The reply's tag and kind first: they say how an invalid option is answered.
    let (mut tag, mut reply, mut valid) = (atom(machine, "spawn_reply"), Reply::Yes, true);
    let mut options = SpawnOptions::default();
    for &item in &items {
        let pair = tuple_terms(machine.memory(), item).unwrap_or_default();
        match pair.as_slice() {
            [key, value] if *key == atom(machine, "reply_tag") => tag = *value,
            [key, value] if *key == atom(machine, "reply") => {
                let name = match term::shape(*value) {
                    Shape::Atom(a) => machine.host().atoms.name(a),
                    _ => None,
                };
                match name {
                    Some("yes") => reply = Reply::Yes,
                    Some("no") => reply = Reply::No,
                    Some("error_only") => reply = Reply::ErrorOnly,
                    Some("success_only") => reply = Reply::SuccessOnly,
                    _ => valid = false,
                }
            }
            _ => match spawn_option(machine, item, &mut options) {
                Ok(()) => {}
                Err(None) => valid = false,
                Err(Some(fault)) => {
                    machine.host_mut().fault = Some(fault);
                    return NON_VALUE;
                }
            },
        }
    }
    let reference = machine.host_mut().procs.new_reference();
    let me = current(machine);
    let outcome = if !valid {
        Err("badopt")
    } else if node != local {
        Err("noconnection")
    } else {
        // The request id is the monitor's reference.
        let monitor = options.monitor.then_some(reference);
        match spawn_monitored(machine, start, &options, monitor) {
            Ok(pid) => Ok(pid),
            Err(fault) => {
                machine.host_mut().fault = Some(fault);
                return NON_VALUE;
            }
        }
    };
    let message = match outcome {
        Ok(pid) if matches!(reply, Reply::Yes | Reply::SuccessOnly) => {
            Some((atom(machine, "ok"), Part::Term(term::pid(pid))))
        }
        Err(reason) if matches!(reply, Reply::Yes | Reply::ErrorOnly) => {
            Some((atom(machine, "error"), Part::Term(atom(machine, reason))))
        }
        _ => None,
    };
    if let Some((status, detail)) = message {
        let parts = [
            Part::Term(tag),
            Part::Reference(reference),
            Part::Term(status),
            detail,
        ];
        if let Err(fault) = process::send(machine, me, &parts) {
            machine.host_mut().fault = Some(fault);
            return NON_VALUE;
        }
    }
    written(machine, context, live, Value::Reference(reference))
}

/// `erlang:suspend_process/1,2` and `resume_process/1`. A suspension counts per suspender and
/// ends with it; `{asynchronous, Tag}` replies `{Tag, suspended}` at once (`{Tag, badarg}` for a
/// process that is not alive), since suspending here takes effect at once.
fn suspend_or_resume(
    machine: &mut dyn Machine,
    context: u32,
    live: u32,
    bif: Bif,
    args: &[Term],
) -> Term {
    let me = current(machine);
    let target = match term::shape(args[0]) {
        Shape::Pid(pid) if pid != me => pid,
        _ => return badarg(machine, context, live, bif, args),
    };
    let (mut unless_suspending, mut asynchronous, mut reply_tag) = (false, false, None);
    if bif == Bif::SuspendProcess2 {
        let Some(options) = list_terms(machine.memory(), args[1]) else {
            return badarg(machine, context, live, bif, args);
        };
        for option in options {
            let pair = tuple_terms(machine.memory(), option).unwrap_or_default();
            if option == atom(machine, "unless_suspending") {
                unless_suspending = true;
            } else if option == atom(machine, "asynchronous") {
                asynchronous = true;
            } else if let [key, tag] = pair.as_slice() {
                if *key != atom(machine, "asynchronous") {
                    return badarg(machine, context, live, bif, args);
                }
                (asynchronous, reply_tag) = (true, Some(*tag));
            } else {
                return badarg(machine, context, live, bif, args);
            }
        }
    }
    let alive = is_alive(machine, target);
    if !alive && !asynchronous {
        return badarg(machine, context, live, bif, args);
    }
    let result = if !alive {
        true
    } else {
        let procs = &mut machine.host_mut().procs;
        let Some(p) = procs.table.get_mut(&target) else {
            return NON_VALUE;
        };
        let mine = p.suspensions.iter().position(|&(by, _)| by == me);
        if bif == Bif::ResumeProcess1 {
            let Some(at) = mine else {
                return badarg(machine, context, live, bif, args);
            };
            p.suspensions[at].1 -= 1;
            let ended = p.suspensions[at].1 == 0;
            if ended {
                p.suspensions.remove(at);
            }
            if p.suspensions.is_empty() && std::mem::take(&mut p.held) {
                procs.run_queue.push_back(target);
            }
            if let Some(suspender) = procs.table.get_mut(&me).filter(|_| ended) {
                suspender.suspending.retain(|&pid| pid != target);
            }
            true
        } else {
            match mine {
                Some(_) if unless_suspending => false,
                Some(at) => {
                    p.suspensions[at].1 += 1;
                    true
                }
                None => {
                    p.suspensions.push((me, 1));
                    if let Some(suspender) = procs.table.get_mut(&me) {
                        suspender.suspending.push(target);
                    }
                    true
                }
            }
        }
    };
    if let Some(tag) = reply_tag {
        let state = atom(machine, if alive { "suspended" } else { "badarg" });
        if let Err(fault) = process::send(machine, me, &[Part::Term(tag), Part::Term(state)]) {
            machine.host_mut().fault = Some(fault);
            return NON_VALUE;
        }
    }
    term::boolean(result)
}

/// Whether `f` is a fun of arity 0.
fn is_fun0(machine: &mut dyn Machine, f: Term) -> bool {
    let heap = Heap::new(machine.memory());
    match term::shape(f) {
        Shape::Boxed(address) => match heap.boxed(f, address) {
            Ok(Boxed::LocalFun { arity, .. }) => arity == 0,
            Ok(Boxed::ExternalFun { arity, .. }) => arity == term::small(0),
            _ => false,
        },
        _ => false,
    }
}

/// Monotonic or system time in native units (nanoseconds; `runtime::clock`).
pub(crate) fn native_time(monotonic: bool) -> i64 {
    if monotonic {
        clock::monotonic_nanos()
    } else {
        clock::system_nanos()
    }
}

/// Converts native time to a unit named by `unit` (`second`, `millisecond`, ...).
fn in_unit(machine: &mut dyn Machine, nanos: i64, unit: Term) -> Option<i64> {
    let name = match term::shape(unit) {
        Shape::Atom(a) => machine.host().atoms.name(a)?.to_string(),
        Shape::Small(per_second) if per_second > 0 => {
            return Some((nanos as i128 * per_second as i128 / 1_000_000_000) as i64)
        }
        _ => return None,
    };
    Some(match name.as_str() {
        "second" | "seconds" => nanos / 1_000_000_000,
        "millisecond" | "milli_seconds" => nanos / 1_000_000,
        "microsecond" | "micro_seconds" => nanos / 1_000,
        "nanosecond" | "nano_seconds" | "native" => nanos,
        "perf_counter" => nanos,
        _ => return None,
    })
}

/// A timer BIF's time argument: milliseconds, a non-negative integer.
fn milliseconds(t: Term) -> Option<u64> {
    match term::shape(t) {
        Shape::Small(n) if n >= 0 => Some(n as u64),
        _ => None,
    }
}

/// The boolean options `names` of a timer BIF's option list (`[{abs, true}]`, `[{async, A},
/// {info, I}]`), each `None` when absent (a later one wins, as in OTP); `None` when the list is
/// not a proper list of such pairs.
fn timer_options(
    machine: &dyn Machine,
    options: Term,
    names: &[&str],
) -> Option<Vec<Option<bool>>> {
    let heap = Heap::new(machine.memory());
    let atoms = &machine.host().atoms;
    let mut flags = vec![None; names.len()];
    let mut rest = options;
    loop {
        match term::shape(rest) {
            Shape::Nil => return Some(flags),
            Shape::Cons(cell) => {
                let (option, tail) = heap.cons(cell).ok()?;
                let Shape::Boxed(address) = term::shape(option) else {
                    return None;
                };
                let (key, value) = match heap.boxed(option, address).ok()? {
                    Boxed::Tuple { arity: 2, elements } => (
                        heap.word(elements).ok()?,
                        heap.word(elements + term::WORD_BYTES).ok()?,
                    ),
                    _ => return None,
                };
                let name = match term::shape(key) {
                    Shape::Atom(a) => atoms.name(a)?,
                    _ => return None,
                };
                let slot = names.iter().position(|n| *n == name)?;
                flags[slot] = Some(match term::shape(value) {
                    Shape::Atom(a) => match atoms.name(a)? {
                        "true" => true,
                        "false" => false,
                        _ => return None,
                    },
                    _ => return None,
                });
                rest = tail;
            }
            _ => return None,
        }
    }
}

/// What `cancel_timer`/`read_timer` of `reference` return for `answer` (time left or
/// `false`): the answer itself; with `{async, true}`, `ok`, the answer coming as a message
/// `{cancel_timer | read_timer, Ref, Answer}` to the caller; with `{info, false}`, `ok` and no
/// answer at all.
fn timer_answer(
    machine: &mut dyn Machine,
    reference: Term,
    cancel: bool,
    answer: Term,
    asynchronous: bool,
    info: bool,
) -> Result<Term, Fault> {
    let ok = atom(machine, "ok");
    if !info {
        return Ok(ok);
    }
    if !asynchronous {
        return Ok(answer);
    }
    if let Some(me) = machine.host().procs.current {
        let tag = atom(machine, if cancel { "cancel_timer" } else { "read_timer" });
        process::send(
            machine,
            me,
            &[Part::Term(tag), Part::Term(reference), Part::Term(answer)],
        )?;
    }
    Ok(ok)
}

/// This room's BIFs, in the one calling convention (`bifs::BifCall`).
/// Whether `nodes/1,2`'s argument (a node kind or a list of them) names this node (`this`,
/// `known`); `None` for one that is not a kind.
fn names_this_node(machine: &mut dyn Machine, arg: Term) -> Option<bool> {
    let kinds = match term::shape(arg) {
        Shape::Atom(_) => Some(vec![arg]),
        _ => Heap::new(machine.memory()).proper_list(arg).ok().flatten(),
    };
    let names = ["visible", "hidden", "connected", "this", "known"].map(|n| atom(machine, n));
    let kinds = kinds.filter(|k| k.iter().all(|t| names.contains(t)))?;
    Some(kinds.iter().any(|t| names[3..].contains(t)))
}

/// The keys `nodes/2`'s options map asks for (`connection_id`, `node_type` set to `true`);
/// `None` for another key or a value not a boolean.
fn node_info_options(machine: &mut dyn Machine, options: Term) -> Option<Vec<&'static str>> {
    let heap = Heap::new(machine.memory());
    let map = crate::runtime::data::map::map_ref(heap, options).ok()??;
    let pairs = crate::runtime::data::map::entries(heap, map).ok()?;
    let mut wanted = Vec::new();
    for (key, value) in pairs {
        let name = match term::shape(key) {
            Shape::Atom(a) => machine.host().atoms.name(a)?,
            _ => return None,
        };
        let key = ["connection_id", "node_type"]
            .into_iter()
            .find(|k| *k == name)?;
        if value == term::atom_true() {
            wanted.push(key);
        } else if value != term::atom_false() {
            return None;
        }
    }
    Some(wanted)
}

/// `monitor_nodes` or `{monitor_nodes, Options}` (a map or a list), as `process_flag/2` takes
/// it.
fn is_monitor_nodes_flag(machine: &mut dyn Machine, flag: Term) -> bool {
    let monitor_nodes = atom(machine, "monitor_nodes");
    if flag == monitor_nodes {
        return true;
    }
    let heap = Heap::new(machine.memory());
    matches!(heap.tuple_elements(flag), Ok(Some(elements))
        if elements.len() == 2
            && elements[0] == monitor_nodes
            && !matches!(term::shape(elements[1]), Shape::Atom(_) | Shape::Small(_) | Shape::Pid(_) | Shape::Port(_)))
}

/// `whereis(user)`: the io server, started (and registered) the first time it is asked for.
fn ensure_user(machine: &mut dyn Machine, name: Term) -> Result<(), Fault> {
    let user = term::atom(machine.host_mut().atoms.intern("user"));
    if name == user && !machine.host().procs.registry.contains_key(&user) {
        crate::runtime::bifs::io::group_leader(machine)?;
    }
    Ok(())
}

pub(crate) fn call(call: &mut BifCall<'_>, bif: ProcessBif) -> BifResult {
    from_word(run(
        &mut *call.machine,
        call.context,
        call.live,
        bif,
        call.args,
    ))
}

/// Runs a BIF of this module: its result term, or `NON_VALUE` after recording an exception.
fn run(
    machine: &mut dyn Machine,
    context: u32,
    live: u32,
    owned: ProcessBif,
    args: &[Term],
) -> Term {
    let bif = Bif::from(owned);
    let me = current(machine);
    let undefined = atom(machine, "undefined");
    let true_ = term::atom_true();
    let false_ = term::atom_false();
    match owned {
        ProcessBif::Self0 => term::pid(me),
        ProcessBif::Node0 => atom(machine, "nonode@nohost"),
        ProcessBif::Node1 => {
            let is_identifier = matches!(term::shape(args[0]), Shape::Pid(_) | Shape::Port(_))
                || process::reference_value(machine.memory(), args[0]).is_some();
            if is_identifier {
                atom(machine, "nonode@nohost")
            } else {
                badarg(machine, context, live, bif, args)
            }
        }
        ProcessBif::MakeRef0 => {
            let r = machine.host_mut().procs.new_reference();
            written(machine, context, live, Value::Reference(r))
        }
        ProcessBif::Put2 => {
            let index = dictionary_index(machine, args[0]);
            let Some(p) = machine.host_mut().procs.current_process() else {
                return NON_VALUE;
            };
            // The key and value are on this process's heap: the dictionary refers to them.
            match index {
                Some(i) => std::mem::replace(&mut p.dictionary[i].1, args[1]),
                None => {
                    p.dictionary.push((args[0], args[1]));
                    undefined
                }
            }
        }
        ProcessBif::Get1 | ProcessBif::Erase1 => {
            let index = dictionary_index(machine, args[0]);
            let Some(p) = machine.host_mut().procs.current_process() else {
                return NON_VALUE;
            };
            match index {
                Some(i) if owned == ProcessBif::Erase1 => p.dictionary.remove(i).1,
                Some(i) => p.dictionary[i].1,
                None => undefined,
            }
        }
        ProcessBif::Get0 | ProcessBif::Erase0 => {
            let Some(p) = machine.host_mut().procs.current_process() else {
                return NON_VALUE;
            };
            let entries: Vec<(Term, Term)> = if owned == ProcessBif::Erase0 {
                std::mem::take(&mut p.dictionary)
            } else {
                p.dictionary.clone()
            };
            let list = entries
                .into_iter()
                .rev()
                .map(|(k, v)| Value::Tuple(vec![Value::Term(k), Value::Term(v)]))
                .collect();
            written(machine, context, live, Value::proper_list(list))
        }
        ProcessBif::GetKeys0 | ProcessBif::GetKeys1 => {
            let mem = machine.memory();
            let atoms = &machine.host().atoms;
            let keys: Vec<Value> = machine
                .host()
                .procs
                .table
                .get(&me)
                .map(|p| {
                    p.dictionary
                        .iter()
                        .rev()
                        .filter(|(_, v)| {
                            owned == ProcessBif::GetKeys0
                                || crate::runtime::term::compare::compare(
                                    Heap::new(mem),
                                    atoms,
                                    *v,
                                    args[0],
                                    crate::runtime::term::compare::Exactness::Exact,
                                )
                                .is_ok_and(|o| o.is_eq())
                        })
                        .map(|(k, _)| Value::Term(*k))
                        .collect()
                })
                .unwrap_or_default();
            written(machine, context, live, Value::proper_list(keys))
        }
        ProcessBif::Spawn1
        | ProcessBif::Spawn3
        | ProcessBif::SpawnLink1
        | ProcessBif::SpawnLink3
        | ProcessBif::SpawnMonitor1
        | ProcessBif::SpawnMonitor3
        | ProcessBif::SpawnOpt2
        | ProcessBif::SpawnOpt4 => spawn_bif(machine, context, live, bif, args),
        ProcessBif::SpawnRequest1
        | ProcessBif::SpawnRequest2
        | ProcessBif::SpawnRequest3
        | ProcessBif::SpawnRequest4
        | ProcessBif::SpawnRequest5
        | ProcessBif::SpawnRequestAbandon1 => spawn_request(machine, context, live, bif, args),
        ProcessBif::SuspendProcess1 | ProcessBif::SuspendProcess2 | ProcessBif::ResumeProcess1 => {
            suspend_or_resume(machine, context, live, bif, args)
        }
        ProcessBif::Link1 => match term::shape(args[0]) {
            Shape::Pid(pid) if is_alive(machine, pid) => {
                link(machine, me, pid);
                true_
            }
            Shape::Pid(pid) => {
                // Linking to a dead process: an exit signal `noproc` (OTP 25's behaviour).
                let noproc = atom(machine, "noproc");
                let trapping = machine
                    .host()
                    .procs
                    .table
                    .get(&me)
                    .is_some_and(|p| p.trap_exit);
                if trapping {
                    if let Err(m) = process::signal(machine, pid, me, noproc) {
                        machine.host_mut().fault = Some(m);
                        return NON_VALUE;
                    }
                    true_
                } else {
                    fail(machine, context, live, bif, args, "noproc")
                }
            }
            _ => badarg(machine, context, live, bif, args),
        },
        ProcessBif::Unlink1 => match term::shape(args[0]) {
            Shape::Pid(pid) => {
                let procs = &mut machine.host_mut().procs;
                if let Some(p) = procs.table.get_mut(&me) {
                    p.links.retain(|&l| l != pid);
                }
                if let Some(p) = procs.table.get_mut(&pid) {
                    p.links.retain(|&l| l != me);
                }
                true_
            }
            _ => badarg(machine, context, live, bif, args),
        },
        ProcessBif::Monitor2 | ProcessBif::Monitor3 => {
            if args[0] != atom(machine, "process") {
                return badarg(machine, context, live, bif, args);
            }
            let (alias, tag) = if owned == ProcessBif::Monitor3 {
                match monitor_options(machine, args[2]) {
                    Ok(options) => options,
                    Err(None) => return badarg(machine, context, live, bif, args),
                    Err(Some(f)) => {
                        machine.host_mut().fault = Some(f);
                        return NON_VALUE;
                    }
                }
            } else {
                (None, None)
            };
            let (target, named) = match term::shape(args[1]) {
                Shape::Pid(pid) => (pid, args[1]),
                Shape::Atom(_) => {
                    let pid = machine.host().procs.registry.get(&args[1]).copied();
                    (pid.unwrap_or(0), args[1])
                }
                _ => return badarg(machine, context, live, bif, args),
            };
            let reference = machine.host_mut().procs.new_reference();
            match monitor(machine, target, named, reference, tag).map(|()| reference) {
                Ok(r) => {
                    // A dead target's `'DOWN'` is already sent: it ended a monitor's alias.
                    let ended = !is_alive(machine, target)
                        && alias.is_some_and(|m| m != process::AliasMode::Explicit);
                    if let Some(mode) = alias.filter(|_| !ended) {
                        let alias = process::Alias { pid: me, mode };
                        machine.host_mut().procs.aliases.insert(r, alias);
                    }
                    written(machine, context, live, Value::Reference(r))
                }
                Err(m) => {
                    machine.host_mut().fault = Some(m);
                    NON_VALUE
                }
            }
        }
        ProcessBif::Demonitor1 | ProcessBif::Demonitor2 => {
            let Some(reference) = process::reference_value(machine.memory(), args[0]) else {
                return badarg(machine, context, live, bif, args);
            };
            let (mut flush, mut info) = (false, false);
            if owned == ProcessBif::Demonitor2 {
                let (flush_atom, info_atom) = (atom(machine, "flush"), atom(machine, "info"));
                let Some(options) = list_terms(machine.memory(), args[1]) else {
                    return badarg(machine, context, live, bif, args);
                };
                for option in options {
                    match option {
                        o if o == flush_atom => flush = true,
                        o if o == info_atom => info = true,
                        _ => return badarg(machine, context, live, bif, args),
                    }
                }
            }
            let procs = &mut machine.host_mut().procs;
            let found = procs.remove_monitor(me, reference);
            procs.end_monitor_alias(reference);
            if flush {
                // Drop a 'DOWN' message (or one tagged otherwise) for this reference already
                // in the mailbox.
                let keep: Vec<bool> = {
                    let mem = machine.memory();
                    machine
                        .host()
                        .procs
                        .table
                        .get(&me)
                        .map(|p| {
                            p.mailbox
                                .iter()
                                .map(|&m| {
                                    !tuple_terms(mem, m).is_some_and(|t| {
                                        t.len() == 5
                                            && process::reference_value(mem, t[1])
                                                == Some(reference)
                                    })
                                })
                                .collect()
                        })
                        .unwrap_or_default()
                };
                if let Some(p) = machine.host_mut().procs.table.get_mut(&me) {
                    let mut keep = keep.into_iter();
                    p.mailbox.retain(|_| keep.next().unwrap_or(true));
                    p.save = 0;
                }
            }
            term::boolean(found || !info)
        }
        ProcessBif::ProcessFlag2 => {
            let flag = args[0];
            if flag == atom(machine, "trap_exit") {
                let value = match args[1] {
                    v if v == true_ => true,
                    v if v == false_ => false,
                    _ => return badarg(machine, context, live, bif, args),
                };
                let Some(p) = machine.host_mut().procs.current_process() else {
                    return NON_VALUE;
                };
                let old = std::mem::replace(&mut p.trap_exit, value);
                term::boolean(old)
            } else if flag == atom(machine, "max_heap_size") {
                let words = match term::shape(args[1]) {
                    Shape::Small(n) if n >= 0 => u32::try_from(n).unwrap_or(u32::MAX),
                    _ => return badarg(machine, context, live, bif, args),
                };
                let Some(p) = machine.host_mut().procs.current_process() else {
                    return NON_VALUE;
                };
                let old = std::mem::replace(&mut p.max_heap_words, words);
                term::small(old as i64)
            } else if is_monitor_nodes_flag(machine, flag) {
                // `net_kernel:monitor_nodes/1,2` (what `pg` and `global` call first): on one
                // node no node ever goes up or down; the answer is the number of such
                // subscriptions the process held before.
                let subscribe = match args[1] {
                    v if v == true_ => true,
                    v if v == false_ => false,
                    _ => return badarg(machine, context, live, bif, args),
                };
                let Some(p) = machine.host_mut().procs.current_process() else {
                    return NON_VALUE;
                };
                let old = p.node_monitors;
                if subscribe {
                    p.node_monitors += 1;
                } else if old == 0 {
                    return badarg(machine, context, live, bif, args);
                } else {
                    p.node_monitors -= 1;
                }
                term::small(old as i64)
            } else {
                let name = match term::shape(flag) {
                    Shape::Atom(a) => machine.host().atoms.name(a).map(str::to_string),
                    _ => None,
                };
                let old = name.and_then(|name| info::process_flag(machine, &name, args[1]));
                match old {
                    Some(old) => old,
                    None => badarg(machine, context, live, bif, args),
                }
            }
        }
        ProcessBif::IsProcessAlive1 => match term::shape(args[0]) {
            Shape::Pid(pid) => term::boolean(is_alive(machine, pid)),
            _ => badarg(machine, context, live, bif, args),
        },
        ProcessBif::Register2 => {
            let name_ok = matches!(term::shape(args[0]), Shape::Atom(_)) && args[0] != undefined;
            let pid = match term::shape(args[1]) {
                Shape::Pid(pid) if is_alive(machine, pid) => pid,
                _ => return badarg(machine, context, live, bif, args),
            };
            let procs = &mut machine.host_mut().procs;
            let taken = procs.registry.contains_key(&args[0]);
            let has_name = procs
                .table
                .get(&pid)
                .is_some_and(|p| p.registered.is_some());
            if !name_ok || taken || has_name {
                return badarg(machine, context, live, bif, args);
            }
            procs.registry.insert(args[0], pid);
            if let Some(p) = procs.table.get_mut(&pid) {
                p.registered = Some(args[0]);
            }
            true_
        }
        ProcessBif::Unregister1 => {
            let procs = &mut machine.host_mut().procs;
            match procs.registry.remove(&args[0]) {
                Some(pid) => {
                    if let Some(p) = procs.table.get_mut(&pid) {
                        p.registered = None;
                    }
                    true_
                }
                None => badarg(machine, context, live, bif, args),
            }
        }
        ProcessBif::Whereis1 => match crate::runtime::files::ensure_file_server(machine, args[0])
            .and_then(|()| ensure_user(machine, args[0]))
            .map(|()| machine.host().procs.registry.get(&args[0]).copied())
        {
            Err(fault) => {
                machine.host_mut().fault = Some(fault);
                NON_VALUE
            }
            Ok(Some(pid)) => term::pid(pid),
            Ok(None) if matches!(term::shape(args[0]), Shape::Atom(_)) => undefined,
            Ok(None) => badarg(machine, context, live, bif, args),
        },
        ProcessBif::Registered0 => {
            let names: Vec<Value> = machine
                .host()
                .procs
                .registry
                .keys()
                .map(|&n| Value::Term(n))
                .collect();
            written(machine, context, live, Value::proper_list(names))
        }
        ProcessBif::Processes0 => {
            let mut pids: Vec<u32> = machine.host().procs.table.keys().copied().collect();
            pids.sort_unstable();
            let list = pids
                .into_iter()
                .map(|p| Value::Term(term::pid(p)))
                .collect();
            written(machine, context, live, Value::proper_list(list))
        }
        ProcessBif::Exit2 => match term::shape(args[0]) {
            Shape::Pid(pid) => match process::signal(machine, me, pid, args[1]) {
                Ok(()) => true_,
                Err(m) => {
                    machine.host_mut().fault = Some(m);
                    NON_VALUE
                }
            },
            _ => badarg(machine, context, live, bif, args),
        },
        ProcessBif::Send3 | ProcessBif::SendNosuspend2 | ProcessBif::SendNosuspend3 => {
            // Options only matter between nodes: `noconnect`, `nosuspend`.
            let options = match owned {
                ProcessBif::SendNosuspend2 => Some(Vec::new()),
                _ => list_terms(machine.memory(), args[2]),
            };
            let known = [atom(machine, "noconnect"), atom(machine, "nosuspend")];
            if !options.is_some_and(|o| o.iter().all(|t| known.contains(t))) {
                return badarg(machine, context, live, bif, args);
            }
            match send(machine, args[0], args[1]) {
                // `send_nosuspend/2,3` report a message they sent (none is ever held back here).
                Ok(true) if owned != ProcessBif::Send3 => true_,
                Ok(true) => atom(machine, "ok"),
                Ok(false) => badarg(machine, context, live, bif, args),
                Err(m) => {
                    machine.host_mut().fault = Some(m);
                    NON_VALUE
                }
            }
        }
        ProcessBif::Alias0 | ProcessBif::Alias1 => {
            let mode = if owned == ProcessBif::Alias0 {
                Some(process::AliasMode::Explicit)
            } else {
                let options = list_terms(machine.memory(), args[0]);
                let (explicit, reply) = (atom(machine, "explicit_unalias"), atom(machine, "reply"));
                options.and_then(|o| match o.as_slice() {
                    [] => Some(process::AliasMode::Explicit),
                    _ if o.iter().all(|&t| t == explicit) => Some(process::AliasMode::Explicit),
                    _ if o.iter().all(|&t| t == reply) => Some(process::AliasMode::Reply),
                    _ => None,
                })
            };
            let Some(mode) = mode else {
                return badarg(machine, context, live, bif, args);
            };
            let procs = &mut machine.host_mut().procs;
            let reference = procs.new_reference();
            procs
                .aliases
                .insert(reference, process::Alias { pid: me, mode });
            written(machine, context, live, Value::Reference(reference))
        }
        ProcessBif::Unalias1 => {
            let Some(reference) = process::reference_value(machine.memory(), args[0]) else {
                return badarg(machine, context, live, bif, args);
            };
            let procs = &mut machine.host_mut().procs;
            let mine = procs.aliases.get(&reference).is_some_and(|a| a.pid == me);
            if mine {
                procs.aliases.remove(&reference);
            }
            term::boolean(mine)
        }
        ProcessBif::Yield0 => true_,
        // Reductions are a hint; a count must be a non-negative small integer.
        ProcessBif::BumpReductions1 => match term::shape(args[0]) {
            Shape::Small(n) if n >= 0 => true_,
            _ => badarg(machine, context, live, bif, args),
        },
        ProcessBif::IsAlive0 => false_,
        ProcessBif::Nodes0 => term::NIL,
        // No other node: only `this` and `known` name one, this node.
        ProcessBif::Nodes1 => {
            let Some(this) = names_this_node(machine, args[0]) else {
                return badarg(machine, context, live, bif, args);
            };
            let node = atom(machine, "nonode@nohost");
            let list = if this {
                vec![Value::Term(node)]
            } else {
                Vec::new()
            };
            written(machine, context, live, Value::proper_list(list))
        }
        // `nodes/1`'s nodes with the information `{connection_id, node_type}` asks for.
        ProcessBif::Nodes2 => {
            let Some(this) = names_this_node(machine, args[0]) else {
                return badarg(machine, context, live, bif, args);
            };
            let Some(wanted) = node_info_options(machine, args[1]) else {
                return badarg(machine, context, live, bif, args);
            };
            let mut keys = Vec::new();
            let mut values = Vec::new();
            for (key, value) in [("connection_id", "undefined"), ("node_type", "this")] {
                if wanted.contains(&key) {
                    keys.push(Value::Term(atom(machine, key)));
                    values.push(Value::Term(atom(machine, value)));
                }
            }
            let node = atom(machine, "nonode@nohost");
            let list = if this {
                let info = Value::FlatMap(Box::new(Value::Tuple(keys)), values);
                vec![Value::Tuple(vec![Value::Term(node), info])]
            } else {
                Vec::new()
            };
            written(machine, context, live, Value::proper_list(list))
        }
        ProcessBif::Send2 | ProcessBif::Bang2 => match send(machine, args[0], args[1]) {
            Ok(true) => args[1],
            Ok(false) => badarg(machine, context, live, bif, args),
            Err(m) => {
                machine.host_mut().fault = Some(m);
                NON_VALUE
            }
        },
        ProcessBif::SendAfter3
        | ProcessBif::StartTimer3
        | ProcessBif::SendAfter4
        | ProcessBif::StartTimer4 => {
            let absolute = match args.get(3) {
                Some(&options) => match timer_options(machine, options, &["abs"]) {
                    Some(flags) => flags[0].unwrap_or(false),
                    None => return badarg(machine, context, live, bif, args),
                },
                None => false,
            };
            let ms = if absolute {
                // A point in monotonic time (milliseconds); one in the past fires at once.
                match term::shape(args[0]) {
                    Shape::Small(at) => {
                        let now = native_time(true) / 1_000_000;
                        Some(at.saturating_sub(now).max(0) as u64)
                    }
                    _ => None,
                }
            } else {
                milliseconds(args[0])
            };
            let Some(ms) = ms else {
                return badarg(machine, context, live, bif, args);
            };
            let to = match process::resolve(&machine.host().procs, args[1]) {
                Some(pid) => pid,
                None if matches!(term::shape(args[1]), Shape::Pid(_)) => 0,
                None => return badarg(machine, context, live, bif, args),
            };
            let reference = machine.host_mut().procs.new_reference();
            let parts = if matches!(owned, ProcessBif::StartTimer3 | ProcessBif::StartTimer4) {
                vec![
                    Part::Term(atom(machine, "timeout")),
                    Part::Reference(reference),
                    Part::Term(args[2]),
                ]
            } else {
                vec![Part::Term(args[2])]
            };
            let (message, block) = match process::copy_message(machine, &parts) {
                Ok(m) => m,
                Err(m) => {
                    machine.host_mut().fault = Some(m);
                    return NON_VALUE;
                }
            };
            let procs = &mut machine.host_mut().procs;
            procs.next_timer += 1;
            let key = (
                Instant::now().after(Duration::from_millis(ms)),
                procs.next_timer,
            );
            procs.timers.insert(
                key,
                Timer::Message {
                    to,
                    message,
                    block,
                    reference,
                },
            );
            written(machine, context, live, Value::Reference(reference))
        }
        ProcessBif::CancelTimer1
        | ProcessBif::ReadTimer1
        | ProcessBif::CancelTimer2
        | ProcessBif::ReadTimer2 => {
            let cancel = matches!(owned, ProcessBif::CancelTimer1 | ProcessBif::CancelTimer2);
            // `{async, true}`: the answer comes as a message, `ok` at once; `{info, false}`:
            // no answer at all (cancel_timer only).
            let (asynchronous, info) = match args.get(1) {
                Some(&options) => {
                    let names: &[&str] = if cancel {
                        &["async", "info"]
                    } else {
                        &["async"]
                    };
                    match timer_options(machine, options, names) {
                        Some(flags) => (
                            flags[0].unwrap_or(false),
                            flags.get(1).copied().flatten().unwrap_or(true),
                        ),
                        None => return badarg(machine, context, live, bif, args),
                    }
                }
                None => (false, true),
            };
            let Some(reference) = process::reference_value(machine.memory(), args[0]) else {
                return badarg(machine, context, live, bif, args);
            };
            let procs = &mut machine.host_mut().procs;
            let key = procs.timers.iter().find_map(|(k, t)| match t {
                Timer::Message { reference: r, .. } if *r == reference => Some(*k),
                _ => None,
            });
            let answer = match key {
                Some(key) => {
                    let left = key.0.saturating_duration_since(Instant::now()).as_millis() as i64;
                    if cancel {
                        if let Some(Timer::Message {
                            block: Some(block), ..
                        }) = procs.timers.remove(&key)
                        {
                            machine
                                .host_mut()
                                .allocator
                                .release(block.start, block.len());
                        }
                    }
                    term::small(left)
                }
                None => false_,
            };
            match timer_answer(machine, args[0], cancel, answer, asynchronous, info) {
                Ok(t) => t,
                Err(fault) => {
                    machine.host_mut().fault = Some(fault);
                    NON_VALUE
                }
            }
        }
        ProcessBif::MonotonicTime0 | ProcessBif::SystemTime0 => written(
            machine,
            context,
            live,
            Value::Int(native_time(owned == ProcessBif::MonotonicTime0).into()),
        ),
        ProcessBif::MonotonicTime1 | ProcessBif::SystemTime1 => {
            let nanos = native_time(owned == ProcessBif::MonotonicTime1);
            match in_unit(machine, nanos, args[0]) {
                Some(v) => written(machine, context, live, Value::Int(v.into())),
                None => badarg(machine, context, live, bif, args),
            }
        }
        ProcessBif::PersistentTermGet1
        | ProcessBif::PersistentTermGet2
        | ProcessBif::PersistentTermErase1 => {
            let found = persistent_index(machine, args[0]);
            match (owned, found) {
                (ProcessBif::PersistentTermErase1, Some(i)) => {
                    // The old copy may still be referenced by processes: it is kept.
                    machine.host_mut().procs.persistent.remove(i);
                    true_
                }
                (ProcessBif::PersistentTermErase1, None) => false_,
                (_, Some(i)) => machine.host().procs.persistent[i].1,
                (ProcessBif::PersistentTermGet2, None) => args[1],
                _ => badarg(machine, context, live, bif, args),
            }
        }
        // `memory`: the words of each stored copy, and a record for each (what OTP counts).
        ProcessBif::PersistentTermInfo0 => {
            const RECORD_WORDS: u64 = 3;
            let mem = machine.memory();
            let stored = &machine.host().procs.persistent;
            let mut words = 0;
            for &(key, value) in stored {
                let copied = copy::size(mem, key).and_then(|k| Ok(k + copy::size(mem, value)?));
                match copied {
                    Ok(n) => words += n + RECORD_WORDS,
                    Err(e) => {
                        machine.host_mut().fault = Some(e.into());
                        return NON_VALUE;
                    }
                }
            }
            let count = Value::small(stored.len() as i64);
            let bytes = Value::Int((words * term::WORD_BYTES as u64).into());
            // The keys in map order (atoms alphabetically).
            let keys = vec![
                Value::Term(atom(machine, "count")),
                Value::Term(atom(machine, "memory")),
            ];
            let map = Value::FlatMap(Box::new(Value::Tuple(keys)), vec![count, bytes]);
            written(machine, context, live, map)
        }
        ProcessBif::Memory0 | ProcessBif::Memory1 => {
            info::memory(machine, context, live, bif, args)
        }
        ProcessBif::PersistentTermGet0 => {
            let pairs = machine
                .host()
                .procs
                .persistent
                .iter()
                .map(|&(key, value)| Value::Tuple(vec![Value::Term(key), Value::Term(value)]))
                .collect();
            written(machine, context, live, Value::proper_list(pairs))
        }
        ProcessBif::PersistentTermPut2 => {
            // Key and value are copied out of the process, into a block no collector moves.
            let parts = [Part::Term(args[0]), Part::Term(args[1])];
            let copied = process::copy_message(machine, &parts);
            let (pair, _block) = match copied {
                Ok(c) => c,
                Err(m) => {
                    machine.host_mut().fault = Some(m);
                    return NON_VALUE;
                }
            };
            let Some(kv) = tuple_terms(machine.memory(), pair) else {
                return badarg(machine, context, live, bif, args);
            };
            let index = persistent_index(machine, args[0]);
            let procs = &mut machine.host_mut().procs;
            match index {
                Some(i) => procs.persistent[i] = (kv[0], kv[1]),
                None => procs.persistent.push((kv[0], kv[1])),
            }
            atom(machine, "ok")
        }
        ProcessBif::UniqueInteger0 | ProcessBif::UniqueInteger1 => {
            let procs = &mut machine.host_mut().procs;
            procs.next_unique += 1;
            let n = procs.next_unique;
            written(machine, context, live, Value::Int(n.into()))
        }
        ProcessBif::ProcessInfo1 | ProcessBif::ProcessInfo2 => {
            info::process_info(machine, context, live, bif, args)
        }
        ProcessBif::GarbageCollect0 | ProcessBif::GarbageCollect1 | ProcessBif::GarbageCollect2 => {
            info::garbage_collect(machine, context, live, bif, args)
        }
        ProcessBif::Statistics1 => info::statistics(machine, context, live, bif, args),
        ProcessBif::SystemInfo1 => {
            let key = match term::shape(args[0]) {
                Shape::Atom(a) => machine.host().atoms.name(a).map(str::to_string),
                _ => None,
            };
            let chars =
                |s: &str| Value::proper_list(s.bytes().map(|b| Value::small(b as i64)).collect());
            let value = match key.as_deref() {
                // beamwasm's terms are 64-bit words, as 64-bit BEAM's.
                Some("wordsize") => Value::small(term::WORD_BYTES as i64),
                Some("otp_release") => chars("25"),
                Some("version") => chars("13.1.5"),
                Some("machine") => chars("BEAM"),
                // WebAssembly is little-endian (Elixir's `Regex` keys its patterns by this).
                Some("endian") => Value::atom(machine.host_mut().atoms.intern("little")),
                Some("schedulers" | "schedulers_online" | "logical_processors") => Value::small(1),
                Some("thread_pool_size" | "dirty_cpu_schedulers" | "dirty_io_schedulers") => {
                    Value::small(0)
                }
                Some("process_count") => Value::small(machine.host().procs.table.len() as i64),
                Some("atom_count") => Value::small(machine.host().atoms.len() as i64),
                Some("smp_support" | "threads") => Value::boolean(false),
                // The host's family as OTP names it (`filename` and `os` branch on it).
                Some("os_type") => {
                    let atoms = &mut machine.host_mut().atoms;
                    let (family, name) = if cfg!(windows) {
                        ("win32", "nt")
                    } else if cfg!(target_os = "macos") {
                        ("unix", "darwin")
                    } else {
                        ("unix", std::env::consts::OS)
                    };
                    Value::Tuple(vec![
                        Value::atom(atoms.intern(family)),
                        Value::atom(atoms.intern(name)),
                    ])
                }
                _ => return badarg(machine, context, live, bif, args),
            };
            written(machine, context, live, value)
        }
    }
}

/// The index of `key` among the persistent terms (keys compare exactly).
fn persistent_index(machine: &mut dyn Machine, key: Term) -> Option<usize> {
    let host = machine.host();
    exact_key_index(machine.memory(), host, &host.procs.persistent, key)
}

/// The index of `key` in the running process's dictionary (keys compare exactly).
fn dictionary_index(machine: &mut dyn Machine, key: Term) -> Option<usize> {
    let host = machine.host();
    let p = host.procs.table.get(&host.procs.current?)?;
    exact_key_index(machine.memory(), host, &p.dictionary, key)
}

/// The index of the pair whose key is exactly equal (`=:=`) to `key`.
fn exact_key_index(mem: &[u8], host: &Host, pairs: &[(Term, Term)], key: Term) -> Option<usize> {
    pairs.iter().position(|(k, _)| {
        *k == key
            || crate::runtime::term::compare::compare(
                Heap::new(mem),
                &host.atoms,
                *k,
                key,
                crate::runtime::term::compare::Exactness::Exact,
            )
            .is_ok_and(|o| o.is_eq())
    })
}

/// `Destination ! Message`: `Ok(false)` when the destination is a name nobody has (badarg).
fn send(machine: &mut dyn Machine, destination: Term, message: Term) -> Result<bool, Fault> {
    let to = match term::shape(destination) {
        Shape::Pid(pid) => pid,
        Shape::Atom(_) => match machine.host().procs.registry.get(&destination) {
            Some(&pid) => pid,
            None => return Ok(false),
        },
        Shape::Boxed(_) if process::reference_value(machine.memory(), destination).is_some() => {
            // An alias: delivered while it is active, dropped silently after (as OTP does).
            let reference = process::reference_value(machine.memory(), destination);
            match reference.and_then(|r| machine.host_mut().procs.alias_target(r)) {
                Some(pid) => pid,
                None => return Ok(true),
            }
        }
        Shape::Boxed(_) => {
            // {Name, Node} on this node.
            let parts = tuple_terms(machine.memory(), destination);
            match parts.as_deref() {
                Some([name, _node]) => match machine.host().procs.registry.get(name) {
                    Some(&pid) => pid,
                    None => return Ok(false),
                },
                _ => return Ok(false),
            }
        }
        _ => return Ok(false),
    };
    process::send(machine, to, &[Part::Term(message)])?;
    Ok(true)
}

/// The `process` primitive: `process(ctx, op, a, b)` (`abi::process_op`).
pub(crate) fn primitive(machine: &mut dyn Machine, context: u32, op: u32, a: u64, b: u64) -> u64 {
    let _ = b;
    match op {
        process_op::PEEK => {
            let Some(p) = machine.host_mut().procs.current_process() else {
                return NON_VALUE;
            };
            p.mailbox.get(p.save).copied().unwrap_or(NON_VALUE)
        }
        process_op::NEXT => {
            if let Some(p) = machine.host_mut().procs.current_process() {
                p.save += 1;
            }
            1
        }
        process_op::REMOVE => {
            if let Some(p) = machine.host_mut().procs.current_process() {
                if p.save < p.mailbox.len() {
                    p.mailbox.remove(p.save);
                }
                p.save = 0;
                p.receive_deadline = None;
                p.timed_out = false;
            }
            let procs = &mut machine.host_mut().procs;
            let me = procs.current;
            procs
                .timers
                .retain(|_, t| !matches!(t, Timer::Receive { pid } if Some(*pid) == me));
            1
        }
        process_op::WAIT => {
            park(machine);
            1
        }
        process_op::WAIT_TIMEOUT => {
            let timeout = a;
            let infinity = atom(machine, "infinity");
            let ms = if timeout == infinity {
                None
            } else {
                match term::shape(timeout) {
                    Shape::Small(n) if n >= 0 => Some(n as u64),
                    _ => match Heap::new(machine.memory()).integer(timeout) {
                        Ok(Some(i)) if i >= 0.into() => Some(u64::MAX),
                        _ => {
                            let reason =
                                Value::atom(machine.host_mut().atoms.intern("timeout_value"));
                            exception::record(
                                machine,
                                context,
                                0,
                                Pending::new(Class::Error, reason),
                            );
                            return 0;
                        }
                    },
                }
            };
            let Some(p) = machine.host_mut().procs.current_process() else {
                return 0;
            };
            if p.timed_out || ms == Some(0) {
                return 1;
            }
            let pid = p.id;
            if let Some(ms) = ms {
                if p.receive_deadline.is_none() {
                    let deadline = Instant::now().after(Duration::from_millis(ms));
                    p.receive_deadline = Some(deadline);
                    let procs = &mut machine.host_mut().procs;
                    procs.next_timer += 1;
                    let key = (deadline, procs.next_timer);
                    procs.timers.insert(key, Timer::Receive { pid });
                }
            }
            park(machine);
            2
        }
        process_op::TIMEOUT => {
            if let Some(p) = machine.host_mut().procs.current_process() {
                p.save = 0;
                p.timed_out = false;
                p.receive_deadline = None;
            }
            1
        }
        process_op::SEND => {
            let x = |machine: &mut dyn Machine, i: u32| -> Term {
                Heap::new(machine.memory())
                    .word(context + ctx::x(i))
                    .unwrap_or(term::NIL)
            };
            let (destination, message) = (x(machine, 0), x(machine, 1));
            match send(machine, destination, message) {
                Ok(true) => message,
                Ok(false) => {
                    let reason = Value::atom(machine.host_mut().atoms.intern("badarg"));
                    let mut pending = Pending::new(Class::Error, reason);
                    pending.first_frame = Some(bif_frame(
                        machine.host_mut(),
                        Bif::Send2,
                        &[destination, message],
                        None,
                    ));
                    exception::record(machine, context, 2, pending)
                }
                Err(m) => {
                    machine.host_mut().fault = Some(m);
                    NON_VALUE
                }
            }
        }
        other => {
            machine.host_mut().fault = Some(Fault::UnknownOperation {
                primitive: "process",
                op: other,
            });
            NON_VALUE
        }
    }
}

/// The running process waits: the scheduler parks it (unless its receive timed out) when its
/// code returns; a message that arrives wakes it.
fn park(machine: &mut dyn Machine) {
    let Some(p) = machine.host_mut().procs.current_process() else {
        return;
    };
    // Messages already in the mailbox do not keep it awake: the receive has looked at them
    // (or, as `receive after T -> ok end`, has no clause to look with); new ones wake it.
    if p.timed_out {
        return;
    }
    p.status = Status::Waiting;
    let state = p.state;
    // End the slice so per-label mode's dispatch loop returns to the scheduler too (the
    // reductions are an `i32`, not a word).
    let _ = crate::runtime::memory::gc::set_address(
        machine.memory_mut(),
        state + jit_state::REMAINING_REDUCTIONS,
        0,
    );
}
