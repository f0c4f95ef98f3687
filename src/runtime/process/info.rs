//! `erlang:process_info/1,2`, `garbage_collect/0,1,2` and `statistics/1`: what the process
//! table and the process heaps say about a process and the system, in OTP 25's shapes.
//! Heap sizes and reductions are beamwasm's own (they cannot match the emulator's); every
//! other item is exact.

use crate::abi::module::Site;
use crate::abi::term::{self, Shape, Term, WORD_BYTES};
use crate::abi::{cp, ctx, jit_state, Bif, NON_VALUE};
use crate::runtime::clock::Instant;
use crate::runtime::error::Fault;
use crate::runtime::exception;
use crate::runtime::machine::Machine;
use crate::runtime::memory::gc::{read_address, Layout};
use crate::runtime::memory::heap_alloc::{collect, write_value};
use crate::runtime::process::{self, Part, Status, DEFAULT_MIN_HEAP_WORDS};
use crate::runtime::term::value::Value;

/// OTP's defaults for the items beamwasm only reports.
const MIN_BIN_VHEAP_SIZE: i64 = 46422;
const FULLSWEEP_AFTER: i64 = 65535;

/// The items `process_info/1` reports, after `registered_name` (when the process has one).
const DEFAULT_ITEMS: [Item; 16] = [
    Item::CurrentFunction,
    Item::InitialCall,
    Item::Status,
    Item::MessageQueueLen,
    Item::Links,
    Item::Dictionary,
    Item::TrapExit,
    Item::ErrorHandler,
    Item::Priority,
    Item::GroupLeader,
    Item::TotalHeapSize,
    Item::HeapSize,
    Item::StackSize,
    Item::Reductions,
    Item::GarbageCollection,
    Item::Suspending,
];

macro_rules! items {
    ($($variant:ident = $name:literal,)*) => {
        /// A `process_info/2` item.
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        enum Item { $($variant,)* }

        impl Item {
            fn from_name(name: &str) -> Option<Item> {
                match name {
                    $($name => Some(Item::$variant),)*
                    _ => None,
                }
            }

            fn name(self) -> &'static str {
                match self {
                    $(Item::$variant => $name,)*
                }
            }
        }
    };
}

items! {
    Backtrace = "backtrace",
    Binary = "binary",
    Catchlevel = "catchlevel",
    CurrentFunction = "current_function",
    CurrentLocation = "current_location",
    CurrentStacktrace = "current_stacktrace",
    Dictionary = "dictionary",
    ErrorHandler = "error_handler",
    GarbageCollection = "garbage_collection",
    GarbageCollectionInfo = "garbage_collection_info",
    GroupLeader = "group_leader",
    HeapSize = "heap_size",
    InitialCall = "initial_call",
    Links = "links",
    LastCalls = "last_calls",
    Memory = "memory",
    MessageQueueLen = "message_queue_len",
    Messages = "messages",
    MinHeapSize = "min_heap_size",
    MinBinVheapSize = "min_bin_vheap_size",
    MonitoredBy = "monitored_by",
    Monitors = "monitors",
    MessageQueueData = "message_queue_data",
    Parent = "parent",
    Priority = "priority",
    Reductions = "reductions",
    RegisteredName = "registered_name",
    SequentialTraceToken = "sequential_trace_token",
    StackSize = "stack_size",
    Status = "status",
    Suspending = "suspending",
    TotalHeapSize = "total_heap_size",
    Trace = "trace",
    TrapExit = "trap_exit",
}

fn atom(machine: &mut dyn Machine, name: &str) -> Term {
    term::atom(machine.host_mut().atoms.intern(name))
}

fn atom_value(machine: &mut dyn Machine, name: &str) -> Value {
    Value::Term(atom(machine, name))
}

fn pair(machine: &mut dyn Machine, key: &str, value: Value) -> Value {
    Value::Tuple(vec![atom_value(machine, key), value])
}

fn item_of(machine: &mut dyn Machine, t: Term) -> Option<Item> {
    match term::shape(t) {
        Shape::Atom(a) => Item::from_name(machine.host().atoms.name(a)?),
        _ => None,
    }
}

fn fault(machine: &mut dyn Machine, f: Fault) -> Term {
    machine.host_mut().fault = Some(f);
    NON_VALUE
}

fn written(machine: &mut dyn Machine, context: u32, live: u32, value: Value) -> Term {
    match write_value(machine, context, live, value) {
        Ok(t) => t,
        Err(f) => fault(machine, f),
    }
}

/// `process_info(Pid)` and `process_info(Pid, ItemOrItems)`.
pub(super) fn process_info(
    machine: &mut dyn Machine,
    context: u32,
    live: u32,
    bif: Bif,
    args: &[Term],
) -> Term {
    // Set by the `bif` primitive for this call only: taken before anything can fail.
    let call_site = machine.host_mut().procs.call_site.take();
    let badarg = |machine: &mut dyn Machine| {
        exception::bif_error(machine, context, live, bif, args, "badarg")
    };
    let Shape::Pid(pid) = term::shape(args[0]) else {
        return badarg(machine);
    };
    // One item, or a list of them (every one checked before anything is looked at).
    let (items, single) = if bif == Bif::ProcessInfo1 {
        let registered = machine
            .host()
            .procs
            .table
            .get(&pid)
            .is_some_and(|p| p.registered.is_some());
        let mut items: Vec<Item> = Vec::new();
        if registered {
            items.push(Item::RegisteredName);
        }
        items.extend(DEFAULT_ITEMS);
        (items, false)
    } else if let Some(item) = item_of(machine, args[1]) {
        (vec![item], true)
    } else {
        let list = crate::runtime::term::heap::Heap::new(machine.memory())
            .proper_list(args[1])
            .ok()
            .flatten();
        let Some(list) = list else {
            return badarg(machine);
        };
        let mut items = Vec::with_capacity(list.len());
        for t in list {
            match item_of(machine, t) {
                Some(item) => items.push(item),
                None => return badarg(machine),
            }
        }
        (items, false)
    };
    if !machine.host().procs.table.contains_key(&pid) {
        return atom(machine, "undefined");
    }
    let mut values = Vec::with_capacity(items.len());
    for &item in &items {
        match item_value(machine, pid, item, call_site) {
            Ok(v) => values.push(v),
            Err(f) => return fault(machine, f),
        }
    }
    let result = if single {
        match values.pop() {
            // `process_info(P, registered_name)` of an unregistered process is `[]`.
            Some(Value::Term(t)) if t == term::NIL && items == [Item::RegisteredName] => {
                Value::Term(term::NIL)
            }
            Some(v) => pair(machine, items[0].name(), v),
            None => Value::Term(term::NIL),
        }
    } else {
        let pairs = items
            .into_iter()
            .zip(values)
            .map(|(item, v)| pair(machine, item.name(), v))
            .collect();
        Value::proper_list(pairs)
    };
    written(machine, context, live, result)
}

/// The value of `item` for the live process `pid`. `registered_name` of an unregistered
/// process is `[]` (its caller makes the tuple or not).
fn item_value(
    machine: &mut dyn Machine,
    pid: u32,
    item: Item,
    call_site: Option<u64>,
) -> Result<Value, Fault> {
    let me = machine.host().procs.current;
    let is_me = me == Some(pid);
    let p = &machine.host().procs.table[&pid];
    let (context, state) = (p.context, p.state);
    Ok(match item {
        Item::RegisteredName => Value::Term(p.registered.unwrap_or(term::NIL)),
        Item::Status => {
            let name = if is_me {
                "running"
            } else if !p.suspensions.is_empty() {
                "suspended"
            } else if p.status == Status::Waiting {
                "waiting"
            } else {
                "runnable"
            };
            atom_value(machine, name)
        }
        Item::MessageQueueLen => Value::small(p.mailbox.len() as i64),
        Item::Messages => {
            let messages: Vec<Term> = p.mailbox.iter().copied().collect();
            foreign_list(machine, is_me, messages)?
        }
        Item::Links => {
            let links = p.links.iter().map(|&l| Value::Term(term::pid(l))).collect();
            Value::proper_list(links)
        }
        Item::Monitors => {
            let monitoring = p.monitoring.clone();
            let process = atom(machine, "process");
            let node = atom(machine, "nonode@nohost");
            let procs = &machine.host().procs;
            let monitors = monitoring
                .iter()
                .map(|&(reference, target)| {
                    let named = procs
                        .table
                        .get(&target)
                        .and_then(|t| t.monitored_by.iter().find(|m| m.reference == reference))
                        .map_or(term::pid(target), |m| m.target);
                    let target = match term::shape(named) {
                        Shape::Atom(_) => Value::Tuple(vec![Value::Term(named), Value::Term(node)]),
                        _ => Value::Term(named),
                    };
                    Value::Tuple(vec![Value::Term(process), target])
                })
                .collect();
            Value::proper_list(monitors)
        }
        Item::MonitoredBy => {
            let watchers = p
                .monitored_by
                .iter()
                .map(|m| Value::Term(term::pid(m.watcher)))
                .collect();
            Value::proper_list(watchers)
        }
        Item::Dictionary => {
            // Newest first, as `get/0` lists it.
            let entries: Vec<Term> = p
                .dictionary
                .iter()
                .rev()
                .flat_map(|&(k, v)| [k, v])
                .collect();
            let flat = foreign_terms(machine, is_me, entries)?;
            let pairs = flat
                .chunks(2)
                .map(|kv| Value::Tuple(vec![Value::Term(kv[0]), Value::Term(kv[1])]))
                .collect();
            Value::proper_list(pairs)
        }
        Item::TrapExit => Value::boolean(p.trap_exit),
        Item::ErrorHandler => atom_value(machine, "error_handler"),
        Item::Priority => {
            let name = p.priority.name();
            atom_value(machine, name)
        }
        Item::GroupLeader => Value::Term(term::pid(match p.group_leader {
            Some(leader) => leader,
            None => crate::runtime::bifs::io::group_leader(machine)?,
        })),
        Item::HeapSize => {
            let layout = Layout::read(machine.memory(), context)?;
            Value::small(words(layout.young.len()))
        }
        Item::TotalHeapSize => Value::small(total_heap_words(machine, pid)?),
        Item::StackSize => {
            let layout = Layout::read(machine.memory(), context)?;
            Value::small(words(layout.stack_bytes()))
        }
        Item::Memory => {
            let heap_bytes = total_heap_words(machine, pid)? * WORD_BYTES as i64;
            Value::small(heap_bytes + (ctx::SIZE + jit_state::SIZE) as i64)
        }
        Item::Reductions => {
            let mut reductions = p.reductions;
            if is_me {
                reductions += slice_reductions(machine.memory(), state)?;
            }
            Value::Int(reductions.into())
        }
        Item::InitialCall => {
            let (m, f, a) = p.initial_call;
            if m == term::NIL {
                atom_value(machine, "undefined")
            } else {
                Value::Tuple(vec![Value::Term(m), Value::Term(f), Value::small(a as i64)])
            }
        }
        Item::Parent => match p.parent {
            Some(parent) if machine.host().procs.table.contains_key(&parent) => {
                Value::Term(term::pid(parent))
            }
            _ => atom_value(machine, "undefined"),
        },
        Item::MinHeapSize => Value::small(p.min_heap_words as i64),
        Item::MinBinVheapSize => Value::small(MIN_BIN_VHEAP_SIZE),
        Item::GarbageCollection => {
            let (max_heap, min_heap, minor_gcs) = (p.max_heap_words, p.min_heap_words, p.minor_gcs);
            let keys = ["error_logger", "kill", "size"]
                .map(|k| Value::Term(atom(machine, k)))
                .to_vec();
            let max_heap_size = Value::FlatMap(
                Box::new(Value::Tuple(keys)),
                vec![
                    Value::boolean(true),
                    Value::boolean(true),
                    Value::small(max_heap as i64),
                ],
            );
            Value::proper_list(vec![
                pair(machine, "max_heap_size", max_heap_size),
                pair(
                    machine,
                    "min_bin_vheap_size",
                    Value::small(MIN_BIN_VHEAP_SIZE),
                ),
                pair(machine, "min_heap_size", Value::small(min_heap as i64)),
                pair(machine, "fullsweep_after", Value::small(FULLSWEEP_AFTER)),
                pair(machine, "minor_gcs", Value::small(minor_gcs as i64)),
            ])
        }
        Item::MessageQueueData => {
            let name = if p.off_heap_messages {
                "off_heap"
            } else {
                "on_heap"
            };
            atom_value(machine, name)
        }
        Item::Suspending | Item::SequentialTraceToken => Value::Term(term::NIL),
        Item::Trace => Value::small(0),
        // beamwasm never saves calls (`process_flag(save_calls, N)` is not supported).
        Item::LastCalls => Value::boolean(false),
        Item::CurrentFunction | Item::CurrentLocation | Item::CurrentStacktrace => {
            let continuation = if is_me {
                call_site.ok_or_else(|| {
                    Fault::Unsupported(format!(
                        "process_info(self(), {}) called through apply or a fun",
                        item.name()
                    ))
                })?
            } else {
                p.continuation
            };
            // Hibernating: in `erlang:hibernate/3`, with an empty stack (OTP's stack trace
            // then is `[]`).
            let mut frames = if p.hibernating && !is_me && item == Item::CurrentStacktrace {
                Vec::new()
            } else if p.hibernating && !is_me {
                let atoms = &mut machine.host_mut().atoms;
                vec![Value::Tuple(vec![
                    Value::atom(atoms.intern("erlang")),
                    Value::atom(atoms.intern("hibernate")),
                    Value::small(3),
                    Value::Term(term::NIL),
                ])]
            } else {
                current_frames(machine, context, continuation, is_me)?
            };
            match item {
                Item::CurrentStacktrace => Value::proper_list(frames),
                _ if frames.is_empty() => atom_value(machine, "undefined"),
                Item::CurrentFunction => {
                    let Value::Tuple(mut parts) = frames.swap_remove(0) else {
                        return Err(Fault::Invariant("a stack frame that is not a tuple"));
                    };
                    parts.truncate(3);
                    Value::Tuple(parts)
                }
                _ => frames.swap_remove(0),
            }
        }
        Item::Backtrace | Item::Binary | Item::Catchlevel | Item::GarbageCollectionInfo => {
            return Err(Fault::Unsupported(format!(
                "process_info item {}",
                item.name()
            )))
        }
    })
}

/// The frames of the process at `context` standing at `continuation`: for the running
/// process, a call site its code passed (the site number in the label bits); for another,
/// where it resumes.
fn current_frames(
    machine: &mut dyn Machine,
    context: u32,
    continuation: u64,
    is_call_site: bool,
) -> Result<Vec<Value>, Fault> {
    let module = cp::module(continuation);
    let label = cp::label(continuation);
    let (mem, host) = machine.split();
    let site: Option<Site> = host.code.trace(module).and_then(|info| {
        if is_call_site {
            info.sites.get(label as usize).copied()
        } else {
            info.site_of_label(label)
        }
    });
    let Some(site) = site else {
        return Ok(Vec::new());
    };
    Ok(exception::frames_at(host, mem, context, module, &site)?)
}

fn words(bytes: u32) -> i64 {
    (bytes / WORD_BYTES) as i64
}

/// Young and old heap blocks and message fragments, in words.
fn total_heap_words(machine: &mut dyn Machine, pid: u32) -> Result<i64, Fault> {
    let p = &machine.host().procs.table[&pid];
    let fragments: u32 = p.fragments.iter().map(|b| b.len()).sum();
    let layout = Layout::read(machine.memory(), p.context)?;
    Ok(words(layout.young.len()) + words(layout.old.len()) + words(fragments))
}

/// The reductions the running slice at `state` has used so far.
pub(crate) fn slice_reductions(mem: &[u8], state: u32) -> Result<u64, Fault> {
    let remaining = read_address(mem, state + jit_state::REMAINING_REDUCTIONS)? as i32;
    let per_slice = crate::abi::REDUCTIONS_PER_SLICE;
    Ok((per_slice - remaining.min(per_slice)).max(0) as u64)
}

/// `terms` as terms of the running process: its own as they are, another's copied into a
/// fragment the running process owns (nothing points from one process into another).
fn foreign_terms(
    machine: &mut dyn Machine,
    own: bool,
    terms: Vec<Term>,
) -> Result<Vec<Term>, Fault> {
    if own || terms.is_empty() {
        return Ok(terms);
    }
    let n = terms.len();
    let parts = Part::Tuple(terms.into_iter().map(Part::Term).collect());
    let (copied, block) = process::copy_message(machine, &[parts])?;
    if let Some(p) = machine.host_mut().procs.current_process() {
        p.fragments.extend(block);
    }
    let elements = crate::runtime::term::heap::Heap::new(machine.memory())
        .tuple_elements(copied)?
        .ok_or(Fault::Invariant("a copied tuple that is not one"))?;
    debug_assert_eq!(elements.len(), n);
    Ok(elements)
}

fn foreign_list(machine: &mut dyn Machine, own: bool, terms: Vec<Term>) -> Result<Value, Fault> {
    let terms = foreign_terms(machine, own, terms)?;
    Ok(Value::proper_list(
        terms.into_iter().map(Value::Term).collect(),
    ))
}

/// `garbage_collect()`, `garbage_collect(Pid)`, `garbage_collect(Pid, Options)`.
pub(super) fn garbage_collect(
    machine: &mut dyn Machine,
    context: u32,
    live: u32,
    bif: Bif,
    args: &[Term],
) -> Term {
    let badarg = |machine: &mut dyn Machine| {
        exception::bif_error(machine, context, live, bif, args, "badarg")
    };
    let me = machine.host().procs.current.unwrap_or(0);
    let pid = match args.first().map(|&t| term::shape(t)) {
        None => me,
        Some(Shape::Pid(pid)) => pid,
        Some(_) => return badarg(machine),
    };
    // Options: `{async, RequestId}` and `{type, major | minor}`.
    let mut async_request = None;
    if bif == Bif::GarbageCollect2 {
        let heap = crate::runtime::term::heap::Heap::new(machine.memory());
        let Some(options) = heap.proper_list(args[1]).ok().flatten() else {
            return badarg(machine);
        };
        let (async_atom, type_atom) = (atom(machine, "async"), atom(machine, "type"));
        let (major, minor) = (atom(machine, "major"), atom(machine, "minor"));
        for option in options {
            let heap = crate::runtime::term::heap::Heap::new(machine.memory());
            match heap.tuple_elements(option).ok().flatten().as_deref() {
                Some(&[key, id]) if key == async_atom => async_request = Some(id),
                Some(&[key, kind]) if key == type_atom && (kind == major || kind == minor) => {}
                _ => return badarg(machine),
            }
        }
    }
    let alive = machine.host().procs.table.contains_key(&pid);
    if pid == me {
        // Every live register and the process's own roots are kept.
        if let Err(f) = collect(machine, context, 0, live, &mut []) {
            return fault(machine, f);
        }
    }
    // Another process is collected when it next needs room: collecting it here would need
    // its registers, which only its own code knows to be live.
    match async_request {
        Some(id) => {
            let parts = [
                Part::Term(atom(machine, "garbage_collect")),
                Part::Term(id),
                Part::Term(term::boolean(alive)),
            ];
            if let Err(f) = process::send(machine, me, &parts) {
                return fault(machine, f);
            }
            atom(machine, "async")
        }
        None if pid != me && !alive && bif == Bif::GarbageCollect1 => term::atom_false(),
        None => term::boolean(alive),
    }
}

/// `statistics(Item)` for the items a single-threaded VM can answer.
pub(super) fn statistics(
    machine: &mut dyn Machine,
    context: u32,
    live: u32,
    bif: Bif,
    args: &[Term],
) -> Term {
    let name = match term::shape(args[0]) {
        Shape::Atom(a) => machine.host().atoms.name(a).map(str::to_string),
        _ => None,
    };
    let running_slice = match machine
        .host()
        .procs
        .current
        .and_then(|id| machine.host().procs.table.get(&id))
    {
        Some(p) => match slice_reductions(machine.memory(), p.state) {
            Ok(r) => r,
            Err(f) => return fault(machine, f),
        },
        None => 0,
    };
    let run_queue = machine.host().procs.run_queue.len() as i64;
    let stats = &mut machine.host_mut().procs.statistics;
    let started = *stats.started.get_or_insert_with(Instant::now);
    let since = |total: u64, reported: &mut u64| {
        let last = total - (*reported).min(total);
        *reported = total;
        (total as i64, last as i64)
    };
    let value = match name.as_deref() {
        Some("reductions" | "exact_reductions") => {
            let total = stats.reductions + running_slice;
            let (total, last) = since(total, &mut stats.reductions_reported);
            Value::Tuple(vec![Value::Int(total.into()), Value::Int(last.into())])
        }
        Some("runtime") => {
            let total = stats.run_time.as_millis() as u64;
            let (total, last) = since(total, &mut stats.run_time_reported);
            Value::Tuple(vec![Value::Int(total.into()), Value::Int(last.into())])
        }
        Some("wall_clock") => {
            let total = started.elapsed().as_millis() as u64;
            let (total, last) = since(total, &mut stats.wall_clock_reported);
            Value::Tuple(vec![Value::Int(total.into()), Value::Int(last.into())])
        }
        Some("context_switches") => {
            Value::Tuple(vec![Value::Int(stats.slices.into()), Value::small(0)])
        }
        Some("garbage_collection") => Value::Tuple(vec![
            Value::Int(stats.collections.into()),
            Value::Int(stats.words_reclaimed.into()),
            Value::small(0),
        ]),
        Some("io") => {
            let output = stats.output_bytes;
            let input = atom(machine, "input");
            let output_atom = atom(machine, "output");
            Value::Tuple(vec![
                Value::Tuple(vec![Value::Term(input), Value::small(0)]),
                Value::Tuple(vec![Value::Term(output_atom), Value::Int(output.into())]),
            ])
        }
        // One scheduler: its run queue is the only one.
        Some("run_queue" | "total_run_queue_lengths" | "total_run_queue_lengths_all") => {
            Value::small(run_queue)
        }
        Some("run_queue_lengths" | "run_queue_lengths_all") => {
            Value::proper_list(vec![Value::small(run_queue)])
        }
        // The running process and the queued ones are the active tasks.
        Some("total_active_tasks" | "total_active_tasks_all") => Value::small(run_queue + 1),
        Some("active_tasks" | "active_tasks_all") => {
            Value::proper_list(vec![Value::small(run_queue + 1)])
        }
        _ => return exception::bif_error(machine, context, live, bif, args, "badarg"),
    };
    written(machine, context, live, value)
}

/// The smallest of OTP's heap sizes (in words) that holds `words`, and at least the default:
/// its sizes grow as Fibonacci's numbers plus one from 12 and 38 for 23 steps, then by a fifth.
/// `None` past `u32`.
fn heap_size_at_least(words: u64) -> Option<u32> {
    let words = words.max(DEFAULT_MIN_HEAP_WORDS as u64);
    let (mut before, mut size) = (12u64, 38u64);
    let mut index = 1;
    while size < words {
        let next = if index < 22 {
            size + before + 1
        } else {
            size + size / 5
        };
        (before, size) = (size, next);
        index += 1;
    }
    u32::try_from(size).ok()
}

/// `process_flag(min_heap_size | priority | message_queue_data, Value)`: the old value, or
/// `None` when `flag` is not one of these or `value` is not valid for it.
pub(super) fn process_flag(machine: &mut dyn Machine, flag: &str, value: Term) -> Option<Term> {
    let value_name = match term::shape(value) {
        Shape::Atom(a) => machine.host().atoms.name(a).map(str::to_string),
        _ => None,
    };
    let p = machine.host_mut().procs.current_process()?;
    match flag {
        "min_heap_size" => {
            let Shape::Small(n) = term::shape(value) else {
                return None;
            };
            let words = heap_size_at_least(u64::try_from(n).ok()?)?;
            let old = std::mem::replace(&mut p.min_heap_words, words);
            Some(term::small(old as i64))
        }
        "priority" => {
            let new = process::Priority::ALL
                .into_iter()
                .find(|p| Some(p.name()) == value_name.as_deref())?;
            let old = std::mem::replace(&mut p.priority, new);
            Some(atom(machine, old.name()))
        }
        "message_queue_data" => {
            let off_heap = match value_name.as_deref() {
                Some("off_heap") => true,
                Some("on_heap") => false,
                _ => return None,
            };
            let old = std::mem::replace(&mut p.off_heap_messages, off_heap);
            Some(atom(machine, if old { "off_heap" } else { "on_heap" }))
        }
        _ => None,
    }
}

/// `erlang:memory/0,1`'s types, in OTP's order.
const MEMORY_TYPES: [&str; 9] = [
    "total",
    "processes",
    "processes_used",
    "system",
    "atom",
    "atom_used",
    "binary",
    "code",
    "ets",
];

/// Bytes an atom table entry takes besides its name.
const ATOM_ENTRY_BYTES: u64 = 48;
/// The atom table grows by blocks of this many bytes.
const ATOM_BLOCK_BYTES: u64 = 64 * 1024;

/// The figures of `MEMORY_TYPES`, in bytes: the processes' heaps and records (`used`: up to
/// their heap tops), the atom table, the off-heap binaries, the compiled code, the ets
/// tables; the system is everything else the linear memory holds, and what the host keeps.
fn memory_figures(machine: &mut dyn Machine) -> Result<[u64; 9], Fault> {
    let mem = machine.memory();
    let host = machine.host();
    let record = (ctx::SIZE + jit_state::SIZE) as u64;
    let (mut processes, mut processes_used) = (0u64, 0u64);
    for p in host.procs.table.values() {
        let layout = Layout::read(mem, p.context)?;
        let fragments: u64 = p.fragments.iter().map(|b| b.len() as u64).sum();
        let young = layout.young.len() as u64;
        let old = layout.old.len() as u64;
        let used = (layout.heap_top - layout.young.start) as u64
            + (layout.old_top - layout.old.start) as u64;
        processes += record + young + old + fragments;
        processes_used += record + used + fragments;
    }
    let atom_used: u64 = (0..host.atoms.len() as u32)
        .filter_map(|index| host.atoms.name(index))
        .map(|name| name.len() as u64 + ATOM_ENTRY_BYTES)
        .sum();
    let atom = atom_used.next_multiple_of(ATOM_BLOCK_BYTES);
    let binary = crate::runtime::data::bits::offheap_bytes(mem, host)?;
    let code = host.code.code_bytes();
    let ets = host.procs.ets.memory_bytes();
    let linear = host.allocator.end() as u64;
    let system = (linear.saturating_sub(processes) + atom + code).max(atom + binary + code + ets);
    Ok([
        processes + system,
        processes,
        processes_used,
        system,
        atom,
        atom_used,
        binary,
        code,
        ets,
    ])
}

/// `erlang:memory()`: `[{Type, Bytes}]`; `memory(Type)`: its bytes; `memory([Type])`: a
/// `{Type, Bytes}` for each.
pub(super) fn memory(
    machine: &mut dyn Machine,
    context: u32,
    live: u32,
    bif: Bif,
    args: &[Term],
) -> Term {
    let figures = match memory_figures(machine) {
        Ok(figures) => figures,
        Err(f) => return fault(machine, f),
    };
    let index_of = |machine: &dyn Machine, t: Term| match term::shape(t) {
        Shape::Atom(a) => {
            let name = machine.host().atoms.name(a)?;
            MEMORY_TYPES.iter().position(|&known| known == name)
        }
        _ => None,
    };
    let pair = |index: usize, key: Term| {
        Value::Tuple(vec![Value::Term(key), Value::Int(figures[index].into())])
    };
    let value = if bif == Bif::Memory0 {
        let mut pairs = Vec::new();
        for (index, name) in MEMORY_TYPES.iter().enumerate() {
            pairs.push(pair(index, atom(machine, name)));
        }
        Value::proper_list(pairs)
    } else if let Some(index) = index_of(machine, args[0]) {
        Value::Int(figures[index].into())
    } else {
        let items = crate::runtime::term::heap::Heap::new(machine.memory())
            .proper_list(args[0])
            .ok()
            .flatten();
        let pairs = items.and_then(|items| {
            items
                .into_iter()
                .map(|item| Some(pair(index_of(machine, item)?, item)))
                .collect::<Option<Vec<_>>>()
        });
        match pairs {
            Some(pairs) => Value::proper_list(pairs),
            None => return exception::bif_error(machine, context, live, bif, args, "badarg"),
        }
    };
    written(machine, context, live, value)
}

#[cfg(test)]
mod tests {
    use super::heap_size_at_least;

    /// OTP 25's `min_heap_size` after `process_flag(min_heap_size, N)`, from `erl`.
    #[test]
    fn heap_sizes_are_otps() {
        for (asked, got) in [
            (0, 233),
            (233, 233),
            (234, 376),
            (1000, 1598),
            (5000, 6772),
            (100_000, 121_536),
            (2_000_000, 2_072_833),
            (10_000_000, 10_695_351),
        ] {
            assert_eq!(heap_size_at_least(asked), Some(got), "{asked}");
        }
        assert_eq!(heap_size_at_least(u64::MAX / 2), None);
    }
}
