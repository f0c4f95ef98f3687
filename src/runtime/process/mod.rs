//! Processes: each has its own context, JIT state, heap and stack in linear memory, a mailbox,
//! a process dictionary, links and monitors. Messages are copied into heap fragments the
//! receiver owns until its next collection (as OTP's m-bufs). Exit signals, `'EXIT'` and
//! `'DOWN'` messages follow OTP's shapes. The loop that runs them is `runtime::scheduler`.
//!
//! `bifs` holds the BIFs that need the process table and the `process` primitive behind
//! receive and send; `copy` copies terms between processes.

pub(super) mod bifs;
pub(super) mod copy;
pub(super) mod info;

use std::collections::{BTreeMap, HashMap, VecDeque};

use crate::abi::{self, cp, ctx, jit_state};

use super::clock::Instant;
use super::error::{Fault, Limit};
use super::machine::Machine;
use super::memory::allocate;
use crate::abi::term::{self, Shape, Term};
use crate::runtime::host::Host;
use crate::runtime::memory::gc::{self, Block};
use crate::runtime::term::heap::{put_word as put, HeapWriter, TermError};
use crate::runtime::term::value::Value;

/// Young block of a spawned process (bytes): small, as OTP's 233-word default heap; it grows.
pub const SPAWN_HEAP: u32 = 4096;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    /// In the run queue (or running).
    Runnable,
    /// Parked in a `receive` until a message, a timeout or an exit signal.
    Waiting,
}

/// A monitor another process holds on this one: its reference and the watcher.
#[derive(Clone, Copy, Debug)]
pub struct Monitor {
    pub reference: u64,
    pub watcher: u32,
    /// The target as the watcher named it: a pid term, or a registered name (an atom: the
    /// `'DOWN'` message then names it `{Name, Node}`).
    pub target: Term,
    /// What the message is tagged with instead of `'DOWN'` (`monitor/3`'s `{tag, Tag}`): an
    /// immediate term.
    pub tag: Option<Term>,
}

#[derive(Debug)]
pub struct Process {
    pub id: u32,
    pub context: u32,
    pub state: u32,
    /// Where it resumes (a continuation word).
    pub continuation: u64,
    pub status: Status,
    /// Message terms, oldest first; each lives in the heap or in a fragment.
    pub mailbox: VecDeque<Term>,
    /// The receive cursor: messages before it were looked at by the current receive.
    pub save: usize,
    /// Blocks holding messages copied in since the last collection.
    pub fragments: Vec<Block>,
    /// `(key, value)` terms, in insertion order.
    pub dictionary: Vec<(Term, Term)>,
    pub links: Vec<u32>,
    /// Monitors others hold on this process.
    pub monitored_by: Vec<Monitor>,
    /// Monitors this process holds: `(reference, target pid)`.
    pub monitoring: Vec<(u64, u32)>,
    pub trap_exit: bool,
    pub registered: Option<Term>,
    /// The deadline of the current receive's `after`, and whether it has passed.
    pub receive_deadline: Option<Instant>,
    pub timed_out: bool,
    /// An exit signal that arrived while the process was running: it dies when its slice ends.
    pub pending_exit: Option<Term>,
    /// `max_heap_size` in words (0: none).
    pub max_heap_words: u32,
    /// Reductions of the slices it has finished (the running slice's are in its JIT state).
    pub reductions: u64,
    /// The function it was spawned to run: `{Module, Function, Arity}` atoms and arity.
    pub initial_call: (Term, Term, u32),
    /// The process that spawned it (none for the main process and the io server).
    pub parent: Option<u32>,
    /// `process_flag(min_heap_size)`, in words.
    pub min_heap_words: u32,
    /// `process_flag(priority)`: `low`, `normal`, `high` or `max` (only reported: one run
    /// queue serves all).
    pub priority: Priority,
    /// `process_flag(message_queue_data)`: `off_heap` (else `on_heap`); only reported.
    pub off_heap_messages: bool,
    /// Minor collections since the last major one.
    pub minor_gcs: u32,
    /// In `erlang:hibernate/3` until its next slice: it waits for a message with an empty
    /// stack (`process_info` says `{erlang,hibernate,3}`).
    pub hibernating: bool,
    /// Who suspended it (`erlang:suspend_process/1,2`) and how many times: it is not scheduled
    /// while any suspension holds.
    pub suspensions: Vec<(u32, u32)>,
    /// The processes it suspends (each once, whatever the count): its end lets them go on.
    pub suspending: Vec<u32>,
    /// Taken off the run queue while suspended: it goes back when the last suspension ends.
    pub held: bool,
    /// Its group leader, when set (`group_leader/2`, or inherited from its parent): else the
    /// io server.
    pub group_leader: Option<u32>,
    /// `process_flag(monitor_nodes, true)` subscriptions held (`net_kernel:monitor_nodes/1,2`).
    pub node_monitors: u32,
}

/// A process's priority.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Priority {
    Low,
    Normal,
    High,
    Max,
}

impl Priority {
    pub const ALL: [Priority; 4] = [
        Priority::Low,
        Priority::Normal,
        Priority::High,
        Priority::Max,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Priority::Low => "low",
            Priority::Normal => "normal",
            Priority::High => "high",
            Priority::Max => "max",
        }
    }
}

/// OTP's default `min_heap_size` (words).
pub const DEFAULT_MIN_HEAP_WORDS: u32 = 233;

/// What deactivates an alias (`erlang:alias/1`, `monitor/3`'s `{alias, Mode}`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AliasMode {
    /// Only `unalias/1`.
    Explicit,
    /// `unalias/1`, or the monitor it came with ending (`demonitor`, `'DOWN'`).
    Demonitor,
    /// `unalias/1`, or the first message sent through it.
    Reply,
    /// Whichever of `Demonitor`'s and `Reply`'s comes first.
    ReplyDemonitor,
}

/// An active alias: the process a message sent to the reference reaches.
#[derive(Clone, Copy, Debug)]
pub struct Alias {
    pub pid: u32,
    pub mode: AliasMode,
}

/// Counters behind `erlang:statistics/1`.
#[derive(Debug, Default)]
pub struct Statistics {
    /// Reductions of every finished slice.
    pub reductions: u64,
    /// `reductions`' value when `statistics(reductions)` last asked.
    pub reductions_reported: u64,
    /// Slices run (context switches).
    pub slices: u64,
    /// Time spent running Erlang code.
    pub run_time: std::time::Duration,
    /// Milliseconds of `run_time` and of wall clock when `statistics/1` last asked.
    pub run_time_reported: u64,
    /// When the first process started.
    pub started: Option<Instant>,
    pub wall_clock_reported: u64,
    /// Collections, and the words they freed.
    pub collections: u64,
    pub words_reclaimed: u64,
    /// Bytes written to standard output.
    pub output_bytes: u64,
}

/// A timer the runtime keeps: a receive timeout, or a message to send.
#[derive(Debug)]
pub enum Timer {
    Receive {
        pid: u32,
    },
    Message {
        to: u32,
        /// The message, in its own block (given to the receiver when it fires).
        message: Term,
        block: Option<Block>,
        reference: u64,
    },
}

/// Every process, the run queue, registered names and timers.
#[derive(Debug, Default)]
pub struct Processes {
    pub table: HashMap<u32, Process>,
    pub current: Option<u32>,
    pub run_queue: VecDeque<u32>,
    /// Registered names (atom terms) -> process ids.
    pub registry: HashMap<Term, u32>,
    /// Deadline and sequence number -> timer.
    pub timers: BTreeMap<(Instant, u64), Timer>,
    pub next_pid: u32,
    pub next_reference: u64,
    pub next_timer: u64,
    /// The io server every process has as its group leader, once started.
    pub group_leader: Option<u32>,
    /// `persistent_term`: `(key, value)` copies outside every process heap.
    pub persistent: Vec<(Term, Term)>,
    pub next_unique: u64,
    /// `ets` tables.
    pub ets: crate::runtime::bifs::ets::Tables,
    /// `zlib` streams.
    pub zlib: crate::runtime::bifs::zlib::Streams,
    /// Exit reasons of processes that ended, for the pids a program still holds (monitors of
    /// dead processes report `noproc`; nothing else needs them).
    pub exited: u32,
    /// Active aliases, by reference number.
    pub aliases: HashMap<u64, Alias>,
    /// The call site (a continuation word whose label bits are a site number) of the BIF
    /// running now, when generated code passed it (`Bif::wants_call_site`).
    pub call_site: Option<u64>,
    pub statistics: Statistics,
    /// The main process, whose end the scheduler reports (it is never ended out of its sight).
    pub main: Option<u32>,
}

impl Processes {
    pub fn current_process(&mut self) -> Option<&mut Process> {
        let id = self.current?;
        self.table.get_mut(&id)
    }

    /// Ends the alias made with monitor `reference`, if it lives only as long as the monitor.
    pub fn end_monitor_alias(&mut self, reference: u64) {
        let monitor_bound =
            |a: &Alias| matches!(a.mode, AliasMode::Demonitor | AliasMode::ReplyDemonitor);
        if self.aliases.get(&reference).is_some_and(monitor_bound) {
            self.aliases.remove(&reference);
        }
    }

    /// The process a message sent to alias `reference` reaches. A reply alias ends with it,
    /// and a `reply_demonitor` one takes its monitor along.
    pub fn alias_target(&mut self, reference: u64) -> Option<u32> {
        let alias = *self.aliases.get(&reference)?;
        if matches!(alias.mode, AliasMode::Reply | AliasMode::ReplyDemonitor) {
            self.aliases.remove(&reference);
        }
        if alias.mode == AliasMode::ReplyDemonitor {
            self.remove_monitor(alias.pid, reference);
        }
        Some(alias.pid)
    }

    /// Removes monitor `reference` held by `watcher` from both sides; whether it was there.
    pub fn remove_monitor(&mut self, watcher: u32, reference: u64) -> bool {
        let target = self.table.get_mut(&watcher).and_then(|p| {
            let i = p.monitoring.iter().position(|(r, _)| *r == reference)?;
            Some(p.monitoring.remove(i).1)
        });
        if let Some(t) = target.and_then(|t| self.table.get_mut(&t)) {
            t.monitored_by.retain(|m| m.reference != reference);
        }
        target.is_some()
    }

    pub fn new_reference(&mut self) -> u64 {
        self.next_reference += 1;
        self.next_reference
    }
}

fn release(host: &mut Host, block: Block) {
    if !block.is_empty() {
        host.allocator.release(block.start, block.len());
    }
}

/// Creates a process with an empty heap (`heap` bytes of young block), continuation unset,
/// `cp` at the end of the process. Not yet in the run queue.
pub(super) fn create(machine: &mut dyn Machine, heap: u32) -> Result<u32, Fault> {
    let context = allocate(machine, ctx::SIZE)?;
    let state = allocate(machine, jit_state::SIZE)?;
    let young = allocate(machine, heap)?;
    let (mem, host) = machine.split();
    gc::init(mem, context.start, young)?;
    put(mem, context.start + ctx::CP, cp::EXIT)?;
    // The reductions are an `i32`, not a word.
    gc::set_address(
        mem,
        state.start + jit_state::REMAINING_REDUCTIONS,
        abi::REDUCTIONS_PER_SLICE as u32,
    )?;
    let procs = &mut host.procs;
    procs.next_pid += 1;
    let id = procs.next_pid;
    put(mem, context.start + ctx::SELF, term::pid(id))?;
    procs.table.insert(
        id,
        Process {
            id,
            context: context.start,
            state: state.start,
            continuation: cp::EXIT,
            status: Status::Runnable,
            mailbox: VecDeque::new(),
            save: 0,
            fragments: Vec::new(),
            dictionary: Vec::new(),
            links: Vec::new(),
            monitored_by: Vec::new(),
            monitoring: Vec::new(),
            trap_exit: false,
            registered: None,
            receive_deadline: None,
            timed_out: false,
            pending_exit: None,
            max_heap_words: 0,
            reductions: 0,
            initial_call: (term::NIL, term::NIL, 0),
            parent: None,
            min_heap_words: DEFAULT_MIN_HEAP_WORDS,
            priority: Priority::Normal,
            off_heap_messages: false,
            minor_gcs: 0,
            hibernating: false,
            suspensions: Vec::new(),
            suspending: Vec::new(),
            held: false,
            group_leader: None,
            node_monitors: 0,
        },
    );
    procs.statistics.started.get_or_insert_with(Instant::now);
    Ok(id)
}

/// A part of a message the runtime builds: a term to copy, a reference to make, or a tuple or
/// list of parts.
#[derive(Clone, Debug)]
pub enum Part {
    Term(Term),
    Reference(u64),
    /// A number computed outside every heap (a `Value::Int` or `Value::Float`).
    Number(Value),
    Tuple(Vec<Part>),
    List(Vec<Part>),
    /// A list's elements and its tail (an improper list, or one ending in an existing list).
    ListTail(Vec<Part>, Box<Part>),
}

impl Part {
    fn words(&self, mem: &[u8]) -> Result<u64, TermError> {
        Ok(match self {
            Part::Term(t) => copy::size(mem, *t)?,
            Part::Reference(_) => reference_words() as u64,
            Part::Number(v) => v.words(),
            Part::Tuple(parts) => {
                let mut words = 1 + parts.len() as u64;
                for p in parts {
                    words += p.words(mem)?;
                }
                words
            }
            Part::List(parts) => {
                let mut words = 2 * parts.len() as u64;
                for p in parts {
                    words += p.words(mem)?;
                }
                words
            }
            Part::ListTail(parts, tail) => {
                let mut words = 2 * parts.len() as u64 + tail.words(mem)?;
                for p in parts {
                    words += p.words(mem)?;
                }
                words
            }
        })
    }

    fn write(&self, w: &mut HeapWriter<'_>) -> Result<Term, TermError> {
        match self {
            Part::Term(t) => copy::copy(w, *t),
            Part::Reference(r) => write_reference(w, *r),
            Part::Number(v) => v.write(w),
            Part::Tuple(parts) => {
                let terms = parts
                    .iter()
                    .map(|p| p.write(w))
                    .collect::<Result<Vec<_>, _>>()?;
                w.tuple(&terms)
            }
            Part::List(parts) => {
                let terms = parts
                    .iter()
                    .map(|p| p.write(w))
                    .collect::<Result<Vec<_>, _>>()?;
                w.list(&terms, term::NIL)
            }
            Part::ListTail(parts, tail) => {
                let terms = parts
                    .iter()
                    .map(|p| p.write(w))
                    .collect::<Result<Vec<_>, _>>()?;
                let tail = tail.write(w)?;
                w.list(&terms, tail)
            }
        }
    }
}

fn reference_words() -> u32 {
    1 + term::reference::WORDS
}

/// Writes a reference: `[header (size 1), its number]` (`term::reference`).
pub fn write_reference(w: &mut HeapWriter<'_>, reference: u64) -> Result<Term, TermError> {
    let address = w.alloc(reference_words())?;
    w.set_word(
        address,
        term::header(term::reference::WORDS, term::boxed::REFERENCE),
    )?;
    w.set_word(address + term::reference::NUMBER, reference)?;
    Ok(term::boxed(address))
}

/// The number a reference term holds.
pub fn reference_value(mem: &[u8], t: Term) -> Option<u64> {
    let Shape::Boxed(address) = term::shape(t) else {
        return None;
    };
    let heap = crate::runtime::term::heap::Heap::new(mem);
    let header = heap.word(address).ok()?;
    if header != term::header(term::reference::WORDS, term::boxed::REFERENCE) {
        return None;
    }
    heap.word(address + term::reference::NUMBER).ok()
}

/// Copies a message made of `parts` (one part: that part; more: a tuple of them) into a new
/// block: `(term, block)`; no block for an immediate.
pub(super) fn copy_message(
    machine: &mut dyn Machine,
    parts: &[Part],
) -> Result<(Term, Option<Block>), Fault> {
    let message = match parts {
        [one] => one.clone(),
        many => Part::Tuple(many.to_vec()),
    };
    let words = message.words(machine.memory())?;
    if words == 0 {
        if let Part::Term(t) = message {
            return Ok((t, None));
        }
    }
    let bytes = words
        .checked_mul(term::WORD_BYTES as u64)
        .and_then(|bytes| u32::try_from(bytes).ok())
        .ok_or(Limit::MessageTooLarge)?;
    let block = allocate(machine, bytes)?;
    let mut writer = HeapWriter::new(machine.memory_mut(), block.start, block.end);
    let term = message.write(&mut writer)?;
    Ok((term, Some(block)))
}

/// Puts a message (already in `block`, or an immediate) into `to`'s mailbox and wakes it.
/// A message to a process that no longer exists is dropped.
pub(super) fn enqueue(host: &mut Host, to: u32, message: Term, block: Option<Block>) {
    let procs = &mut host.procs;
    match procs.table.get_mut(&to) {
        Some(process) => {
            process.mailbox.push_back(message);
            process.fragments.extend(block);
            if process.status == Status::Waiting {
                process.status = Status::Runnable;
                procs.run_queue.push_back(to);
            }
        }
        None => {
            if let Some(block) = block {
                host.allocator.release(block.start, block.len());
            }
        }
    }
}

/// Sends a message built from `parts` to process `to`.
pub(super) fn send(machine: &mut dyn Machine, to: u32, parts: &[Part]) -> Result<(), Fault> {
    if !machine.host().procs.table.contains_key(&to) {
        return Ok(());
    }
    let (message, block) = copy_message(machine, parts)?;
    enqueue(machine.host_mut(), to, message, block);
    Ok(())
}

fn atom(host: &mut Host, name: &str) -> Term {
    term::atom(host.atoms.intern(name))
}

/// Processes that must end, with their reasons (each in a block of its own, freed after).
type Dying = Vec<(u32, Term, Option<Block>)>;

/// An exit signal from `from` with `reason` (a term in memory) arrives at `to`: a trapping
/// process gets `{'EXIT', From, Reason}`; otherwise `kill` ends it with `killed`, `normal` is
/// ignored (unless it sent it to itself), and any other reason ends it.
pub(super) fn signal(
    machine: &mut dyn Machine,
    from: u32,
    to: u32,
    reason: Term,
) -> Result<(), Fault> {
    let mut dying = Vec::new();
    deliver_signal(machine, from, to, reason, &mut dying)?;
    end_all(machine, dying)
}

fn deliver_signal(
    machine: &mut dyn Machine,
    from: u32,
    to: u32,
    reason: Term,
    dying: &mut Dying,
) -> Result<(), Fault> {
    let kill = atom(machine.host_mut(), "kill");
    let normal = atom(machine.host_mut(), "normal");
    let (trap_exit, running, main) = {
        let procs = &machine.host().procs;
        match procs.table.get(&to) {
            Some(p) => (
                p.trap_exit,
                procs.current == Some(to),
                procs.main == Some(to),
            ),
            None => return Ok(()),
        }
    };
    let reason = if reason == kill {
        atom(machine.host_mut(), "killed")
    } else if trap_exit {
        let exit = atom(machine.host_mut(), "EXIT");
        return send(
            machine,
            to,
            &[
                Part::Term(exit),
                Part::Term(term::pid(from)),
                Part::Term(reason),
            ],
        );
    } else if reason == normal && from != to {
        return Ok(());
    } else {
        reason
    };
    // Keep the reason alive in a block of its own until the process has ended.
    let (reason, block) = copy_message(machine, &[Part::Term(reason)])?;
    if running || main {
        // It ends when its slice does; the main process, when the scheduler next picks it
        // (which reports how it ended).
        let host = machine.host_mut();
        if let Some(p) = host.procs.table.get_mut(&to) {
            if p.pending_exit.is_none() {
                p.pending_exit = Some(reason);
                p.fragments.extend(block);
                if !running && p.status == Status::Waiting {
                    p.status = Status::Runnable;
                    host.procs.run_queue.push_back(to);
                }
                return Ok(());
            }
        }
        if let Some(block) = block {
            release(host, block);
        }
        return Ok(());
    }
    dying.push((to, reason, block));
    Ok(())
}

/// Process `id` has ended with `reason` (a term that stays valid until this returns): notify
/// its links and monitors, drop its name and timers, free its memory. Processes its exit
/// signal ends are ended the same way, without recursion.
pub(super) fn exit(machine: &mut dyn Machine, id: u32, reason: Term) -> Result<(), Fault> {
    end_all(machine, vec![(id, reason, None)])
}

fn end_all(machine: &mut dyn Machine, mut dying: Dying) -> Result<(), Fault> {
    while let Some((id, reason, block)) = dying.pop() {
        end_one(machine, id, reason, &mut dying)?;
        if let Some(block) = block {
            release(machine.host_mut(), block);
        }
    }
    Ok(())
}

fn end_one(
    machine: &mut dyn Machine,
    id: u32,
    reason: Term,
    dying: &mut Dying,
) -> Result<(), Fault> {
    let Some(process) = machine.host_mut().procs.table.remove(&id) else {
        return Ok(());
    };
    {
        let procs = &mut machine.host_mut().procs;
        procs.run_queue.retain(|&p| p != id);
        if let Some(name) = process.registered {
            procs.registry.remove(&name);
        }
        procs
            .timers
            .retain(|_, t| !matches!(t, Timer::Receive { pid } if *pid == id));
        procs.exited += 1;
        procs.aliases.retain(|_, a| a.pid != id);
        // The processes it suspended go on.
        for &pid in &process.suspending {
            if let Some(p) = procs.table.get_mut(&pid) {
                p.suspensions.retain(|&(by, _)| by != id);
                if p.suspensions.is_empty() && std::mem::take(&mut p.held) {
                    procs.run_queue.push_back(pid);
                }
            }
        }
        // The processes it monitors forget it.
        for (reference, target) in &process.monitoring {
            if let Some(t) = procs.table.get_mut(target) {
                t.monitored_by.retain(|m| m.reference != *reference);
            }
        }
        for link in &process.links {
            if let Some(l) = procs.table.get_mut(link) {
                l.links.retain(|&p| p != id);
            }
        }
    }
    let down = atom(machine.host_mut(), "DOWN");
    let process_atom = atom(machine.host_mut(), "process");
    let node = atom(machine.host_mut(), "nonode@nohost");
    for monitor in &process.monitored_by {
        // A `'DOWN'` ends the monitor, and an alias that lives as long as it.
        let procs = &mut machine.host_mut().procs;
        procs.end_monitor_alias(monitor.reference);
        if let Some(w) = procs.table.get_mut(&monitor.watcher) {
            w.monitoring.retain(|(r, _)| *r != monitor.reference);
        }
        let target = match term::shape(monitor.target) {
            Shape::Atom(_) => Part::Tuple(vec![Part::Term(monitor.target), Part::Term(node)]),
            _ => Part::Term(monitor.target),
        };
        send(
            machine,
            monitor.watcher,
            &[
                Part::Term(monitor.tag.unwrap_or(down)),
                Part::Reference(monitor.reference),
                Part::Term(process_atom),
                target,
                Part::Term(reason),
            ],
        )?;
    }
    for &link in &process.links {
        deliver_signal(machine, id, link, reason, dying)?;
    }
    // Its ets tables go with it.
    crate::runtime::bifs::ets::drop_owned(machine, id)?;
    // So do its open files.
    crate::runtime::files::drop_owned(machine.host_mut(), id);
    // And the zlib streams it controlled.
    crate::runtime::bifs::zlib::drop_owned(machine.host_mut(), id);
    // Free everything the process owned: its off-heap binaries, heap, fragments, context.
    {
        let (mem, host) = machine.split();
        crate::runtime::data::bits::release_process(mem, host, process.context)?;
    }
    let layout = gc::Layout::read(machine.memory(), process.context)?;
    let host = machine.host_mut();
    release(host, layout.young);
    release(host, layout.old);
    for block in process.fragments {
        release(host, block);
    }
    release(
        host,
        Block {
            start: process.state,
            end: process.state + jit_state::SIZE.next_multiple_of(8),
        },
    );
    release(
        host,
        Block {
            start: process.context,
            end: process.context + ctx::SIZE.next_multiple_of(8),
        },
    );
    Ok(())
}

/// The terms a process holds outside its heap and stack (mailbox, dictionary): collection
/// roots, in a fixed order (`set_roots` writes them back).
pub fn roots(process: &Process) -> Vec<Term> {
    let mut roots: Vec<Term> = process.mailbox.iter().copied().collect();
    for &(k, v) in &process.dictionary {
        roots.push(k);
        roots.push(v);
    }
    roots.extend(process.pending_exit);
    roots
}

pub fn set_roots(process: &mut Process, roots: &[Term]) {
    let mut it = roots.iter().copied();
    for m in process.mailbox.iter_mut() {
        *m = it.next().unwrap_or(*m);
    }
    for (k, v) in process.dictionary.iter_mut() {
        *k = it.next().unwrap_or(*k);
        *v = it.next().unwrap_or(*v);
    }
    if let Some(e) = process.pending_exit.as_mut() {
        *e = it.next().unwrap_or(*e);
    }
}

/// Puts due timers' effects in place: receive timeouts wake their process, message timers
/// deliver. Returns the next deadline, if any.
pub(super) fn fire_timers(host: &mut Host) -> Option<Instant> {
    let now = Instant::now();
    loop {
        let procs = &mut host.procs;
        let (&key, _) = procs.timers.iter().next()?;
        if key.0 > now {
            return Some(key.0);
        }
        let timer = procs.timers.remove(&key).expect("the first key exists");
        match timer {
            Timer::Receive { pid } => {
                if let Some(p) = procs.table.get_mut(&pid) {
                    p.timed_out = true;
                    p.receive_deadline = None;
                    if p.status == Status::Waiting {
                        p.status = Status::Runnable;
                        procs.run_queue.push_back(pid);
                    }
                }
            }
            Timer::Message {
                to, message, block, ..
            } => enqueue(host, to, message, block),
        }
    }
}

/// The pid a send destination names: a pid, or a registered name.
pub fn resolve(procs: &Processes, destination: Term) -> Option<u32> {
    match term::shape(destination) {
        Shape::Pid(id) => Some(id),
        Shape::Atom(_) => procs.registry.get(&destination).copied(),
        _ => None,
    }
}
