//! The scheduler (`docs/abi.md` §11): runs the main process and every process it spawns, a
//! slice at a time on the engine, fires timers between slices, ends processes (their exit
//! reasons), and reports how the main process ended.

use crate::abi::term::{self, Term};
use crate::abi::{self, cp, ctx, jit_state};

use super::api::values::{self, ErlValue, ErlangError};
use super::api::Vm;
use super::bifs::init::write_init_string;
use super::clock::{self, Instant};
use super::error::{Fault, Limit, RuntimeError};
use super::exception::Class;
use super::memory::gc::{Block, Layout};
use super::memory::MIN_BLOCK;
use super::process::{self, Part};
use super::term::heap::{Heap, HeapWriter, TermError};
use super::term::print::{write_display, write_term};
use super::term::value::Value;

/// What `erl` prints when the program's main process crashes (`Vm::crash_report`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CrashReport {
    /// init's `erlang:display({"init terminating in do_boot", ExitReason})`, for standard
    /// output (without the line end).
    pub displayed: Vec<u8>,
    /// `init terminating in do_boot (...)`, the message init halts with (standard error).
    pub halt_message: Vec<u8>,
}

/// How a call into Erlang ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// The `~w` text of the returned term (latin1 bytes, as `erl` writes them).
    Returned(Vec<u8>),
    /// An uncaught exception: its class and the `~w` text of its reason.
    Raised {
        class: &'static str,
        reason: Vec<u8>,
    },
    /// A process ended the run (`erlang:halt/0,1,2`, `init:stop/0,1`).
    Halted(Halt),
}

/// How `erlang:halt` ends the run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Halt {
    /// With this exit status (the low byte of the one given).
    Status(u8),
    /// `halt(abort)`: the emulator aborts (a core dump, status 134 from a shell).
    Abort,
}

fn read_word(mem: &[u8], address: u32) -> Result<Term, TermError> {
    Heap::new(mem).word(address)
}

impl Vm {
    /// Runs `module:function(args...)` in a new (main) process until it finishes: its outcome.
    pub(super) fn run_main(
        &mut self,
        module: &str,
        function: &str,
        args: Vec<Value>,
    ) -> Result<Outcome, RuntimeError> {
        self.ensure_loaded(module)?;
        let arity = args.len() as u32;
        let start = self
            .export_continuation(module, function, arity)
            .ok_or_else(|| RuntimeError::NoSuchFunction {
                module: module.to_string(),
                function: function.to_string(),
                arity,
            })?;
        let host = self.engine.host_mut();
        host.exception = None;
        host.halt = None;
        host.stop_requested = None;
        host.uncaught = None;
        host.uncaught_trace = None;
        host.fault = None;
        // The arguments go to the main process's heap before it runs: room for them all,
        // twice over.
        let words: u64 = args.iter().map(Value::words).sum();
        let heap = u32::try_from(2 * term::WORD_BYTES as u64 * words + MIN_BLOCK as u64)
            .map_err(|_| Fault::Limit(Limit::ArgumentsTooLarge))?;
        let main = process::create(self.machine(), heap)?;
        self.engine.host_mut().procs.main = Some(main);
        if !args.is_empty() {
            let context = self.engine.host().procs.table[&main].context;
            let mem = self.engine.memory_mut();
            let layout = Layout::read(mem, context)?;
            let mut writer = HeapWriter::new(mem, layout.heap_top, layout.e);
            let mut terms = Vec::with_capacity(args.len());
            for arg in &args {
                terms.push(arg.write(&mut writer)?);
            }
            let top = writer.top();
            super::memory::gc::set_address(mem, context + ctx::HEAP_TOP, top)?;
            let mut words = HeapWriter::new(mem, 0, 0);
            for (i, t) in terms.into_iter().enumerate() {
                words.set_word(context + ctx::x(i as u32), t)?;
            }
        }
        {
            let procs = &mut self.engine.host_mut().procs;
            if let Some(p) = procs.table.get_mut(&main) {
                p.continuation = start;
            }
            procs.run_queue.push_back(main);
        }
        let result = self.schedule(main);
        // Whatever is still alive ends with the run.
        let alive: Vec<u32> = self.engine.host().procs.table.keys().copied().collect();
        let shutdown = term::atom(self.engine.host_mut().atoms.intern("shutdown"));
        for pid in alive {
            if let Some(p) = self.engine.host_mut().procs.table.get_mut(&pid) {
                p.links.clear();
                p.monitored_by.clear();
            }
            process::exit(&mut *self.engine, pid, shutdown)?;
        }
        let procs = &mut self.engine.host_mut().procs;
        procs.run_queue.clear();
        procs.registry.clear();
        procs.current = None;
        procs.main = None;
        let timers = std::mem::take(&mut procs.timers);
        for timer in timers.into_values() {
            if let process::Timer::Message {
                block: Some(block), ..
            } = timer
            {
                self.engine
                    .host_mut()
                    .allocator
                    .release(block.start, block.len());
            }
        }
        result
    }

    /// Runs processes until `main` finishes: its outcome.
    fn schedule(&mut self, main: u32) -> Result<Outcome, RuntimeError> {
        loop {
            let next_deadline = process::fire_timers(self.engine.host_mut());
            let Some(pid) = self.engine.host_mut().procs.run_queue.pop_front() else {
                match next_deadline {
                    Some(deadline) => {
                        clock::wait_until(deadline);
                        continue;
                    }
                    None => {
                        return Err(RuntimeError::Deadlock(
                            "every process waits for a message and no timer is pending".into(),
                        ))
                    }
                }
            };
            let Some(p) = self.engine.host_mut().procs.table.get_mut(&pid) else {
                continue;
            };
            if !p.suspensions.is_empty() && p.pending_exit.is_none() {
                // Suspended: held until its last suspension ends (`resume_process/1`).
                p.held = true;
                continue;
            }
            let (context, state, continuation, pending_exit) =
                (p.context, p.state, p.continuation, p.pending_exit);
            if let Some(reason) = pending_exit {
                if pid == main {
                    return self.main_exited(context, Some(reason));
                }
                process::exit(&mut *self.engine, pid, reason)?;
                continue;
            }
            let finished = self.run_slice(pid, context, state, continuation)?;
            if let Some(halt) = self.halt_requested() {
                return Ok(Outcome::Halted(halt));
            }
            if let Some(p) = self.engine.host().procs.table.get(&pid) {
                if let Some(reason) = p.pending_exit {
                    // Killed while it ran (an exit signal, or over its max_heap_size).
                    if pid == main {
                        return self.main_exited(context, Some(reason));
                    }
                    process::exit(&mut *self.engine, pid, reason)?;
                    continue;
                }
            }
            match finished {
                Some(()) if pid == main => return self.main_exited(context, None),
                Some(()) => {
                    let reason = self.exit_reason(context)?;
                    process::exit(&mut *self.engine, pid, reason.0)?;
                    if let Some(block) = reason.1 {
                        self.engine
                            .host_mut()
                            .allocator
                            .release(block.start, block.len());
                    }
                }
                None => {
                    let procs = &mut self.engine.host_mut().procs;
                    if let Some(p) = procs.table.get_mut(&pid) {
                        // Hibernated with no message: it sleeps until one arrives.
                        if p.hibernating && p.mailbox.is_empty() {
                            p.status = process::Status::Waiting;
                        }
                        if p.status == process::Status::Runnable {
                            procs.run_queue.push_back(pid);
                        }
                    }
                }
            }
        }
    }

    /// Whether a process has ended the run (`erlang:halt`), or asked for its end
    /// (`init:stop`, final once its slice is over): how it ends.
    fn halt_requested(&mut self) -> Option<Halt> {
        let host = self.engine.host_mut();
        if let Some(halt) = host.halt.take() {
            return Some(halt);
        }
        host.stop_requested
            .take()
            .map(super::bifs::init::finish_pending)
    }

    /// Runs one slice of process `pid`: `Some(())` when it finished, `None` when it yielded or
    /// parked (its continuation saved).
    fn run_slice(
        &mut self,
        pid: u32,
        context: u32,
        state: u32,
        continuation: u64,
    ) -> Result<Option<()>, RuntimeError> {
        let index = cp::module(continuation);
        if !self.engine.host().code.has_index(index) {
            // Module 0: the continuation of a finished process.
            if index == 0 {
                return Ok(Some(()));
            }
            return Err(Fault::UnknownModule(index).into());
        }
        let procs = &mut self.engine.host_mut().procs;
        procs.current = Some(pid);
        if let Some(p) = procs.table.get_mut(&pid) {
            p.hibernating = false;
        }
        self.write_u32(state + jit_state::MODULE, index)?;
        self.write_word(state + jit_state::CONTINUATION, abi::CONTINUATION_EXIT)?;
        self.write_u32(
            state + jit_state::REMAINING_REDUCTIONS,
            abi::REDUCTIONS_PER_SLICE as u32,
        )?;
        let started = Instant::now();
        let result = self
            .engine
            .run(continuation, context, state, self.native_interface);
        self.engine.host_mut().procs.current = None;
        result?;
        let used = self.slice_reductions(state)?;
        let procs = &mut self.engine.host_mut().procs;
        if let Some(p) = procs.table.get_mut(&pid) {
            p.reductions += used;
        }
        let statistics = &mut procs.statistics;
        statistics.reductions += used;
        statistics.slices += 1;
        statistics.run_time += started.elapsed();
        if let Some(fault) = self.engine.host_mut().fault.take() {
            let killed = self
                .engine
                .host()
                .procs
                .table
                .get(&pid)
                .is_some_and(|p| p.pending_exit.is_some());
            if !(killed && fault.is_max_heap_size()) {
                return Err(RuntimeError::Fault(fault));
            }
        }
        let next = self.read(state + jit_state::CONTINUATION)?;
        if next == abi::CONTINUATION_EXIT || cp::module(next) == 0 {
            return Ok(Some(()));
        }
        if let Some(p) = self.engine.host_mut().procs.table.get_mut(&pid) {
            p.continuation = next;
        }
        Ok(None)
    }

    /// The reductions the slice that ran at `state` used.
    fn slice_reductions(&mut self, state: u32) -> Result<u64, RuntimeError> {
        Ok(super::process::info::slice_reductions(
            self.engine.memory(),
            state,
        )?)
    }

    /// The exit reason of a process that finished (a term, and the block holding it): `normal`,
    /// or from its uncaught exception — `{Reason, Stack}` for an error, `Reason` for an exit,
    /// `{{nocatch, Reason}, Stack}` for a throw.
    fn exit_reason(&mut self, _context: u32) -> Result<(Term, Option<Block>), Fault> {
        let host = self.engine.host_mut();
        let trace = host.uncaught_trace.take();
        let Some((class, reason)) = host.uncaught.take() else {
            return Ok((term::atom(host.atoms.intern("normal")), None));
        };
        let frames = trace
            .and_then(|raw| match term::shape(raw) {
                term::Shape::Boxed(address) => {
                    read_word(self.engine.memory(), address + term::tuple::element(1)).ok()
                }
                _ => None,
            })
            .unwrap_or(term::NIL);
        let parts = match class {
            Class::Exit => Part::Term(reason),
            Class::Error => Part::Tuple(vec![Part::Term(reason), Part::Term(frames)]),
            Class::Throw => {
                let nocatch = term::atom(self.engine.host_mut().atoms.intern("nocatch"));
                Part::Tuple(vec![
                    Part::Tuple(vec![Part::Term(nocatch), Part::Term(reason)]),
                    Part::Term(frames),
                ])
            }
        };
        process::copy_message(self.machine(), &[parts])
    }

    /// What `erl -noshell -s Module Function` prints when the function ends with `reason`
    /// (its class, or `None` for an exit signal) and the stack trace `frames`: the boot
    /// process's exit reason — `{Reason, Stack}` for an error, `{{nocatch, Reason}, Stack}`
    /// for a throw, `Reason` for an exit — the stack ending in init's frames that called it.
    /// init displays `{"init terminating in do_boot", ExitReason}` on standard output and
    /// halts with `init terminating in do_boot (...)`, its depth-limited text of it.
    fn crash_report(
        &mut self,
        class: Option<Class>,
        reason: Term,
        frames: Term,
    ) -> Result<CrashReport, RuntimeError> {
        let mut stack = Vec::new();
        {
            let heap = Heap::new(self.engine.memory());
            let mut rest = frames;
            while let term::Shape::Cons(cell) = term::shape(rest) {
                let (frame, tail) = heap.cons(cell)?;
                stack.push(Part::Term(frame));
                rest = tail;
            }
        }
        let atoms = &mut self.engine.host_mut().atoms;
        let init = Part::Term(term::atom(atoms.intern("init")));
        for (function, arity) in [("start_em", 1), ("do_boot", 3)] {
            stack.push(Part::Tuple(vec![
                init.clone(),
                Part::Term(term::atom(atoms.intern(function))),
                Part::Term(term::small(arity)),
                Part::Term(term::NIL),
            ]));
        }
        let nocatch = term::atom(atoms.intern("nocatch"));
        let exit_reason = match class {
            None | Some(Class::Exit) => Part::Term(reason),
            Some(Class::Error) => Part::Tuple(vec![Part::Term(reason), Part::List(stack)]),
            Some(Class::Throw) => Part::Tuple(vec![
                Part::Tuple(vec![Part::Term(nocatch), Part::Term(reason)]),
                Part::List(stack),
            ]),
        };
        const TITLE: &str = "init terminating in do_boot";
        let title = Part::List(
            TITLE
                .bytes()
                .map(|c| Part::Term(term::small(c as i64)))
                .collect(),
        );
        let (displayed, block) = process::copy_message(self.machine(), &[title, exit_reason])?;
        let mut report = CrashReport::default();
        let written = {
            let (mem, host) = self.engine.split();
            let heap = Heap::new(mem);
            write_display(heap, &host.atoms, displayed, &mut report.displayed).and_then(|()| {
                let exit_reason = heap
                    .tuple_elements(displayed)?
                    .and_then(|elements| elements.get(1).copied())
                    .unwrap_or(term::NIL);
                report.halt_message.extend_from_slice(TITLE.as_bytes());
                report.halt_message.extend_from_slice(b" (");
                write_init_string(heap, &host.atoms, exit_reason, 0, &mut report.halt_message)?;
                report.halt_message.push(b')');
                Ok(())
            })
        };
        if let Some(block) = block {
            self.engine
                .host_mut()
                .allocator
                .release(block.start, block.len());
        }
        written?;
        Ok(report)
    }

    /// What the main process's crash printed last, as `erl` prints it (`crash_report`).
    pub fn crash_report_of_last_run(&self) -> Option<&CrashReport> {
        self.last_crash.as_ref()
    }

    /// The main process has ended (`killed`: by an exit signal, with that reason).
    fn main_exited(&mut self, context: u32, killed: Option<Term>) -> Result<Outcome, RuntimeError> {
        self.last_crash = None;
        if let Some(reason) = killed {
            self.last_crash = Some(self.crash_report(None, reason, term::NIL)?);
            let mut text = Vec::new();
            let (mem, host) = self.engine.split();
            write_term(Heap::new(mem), &host.atoms, reason, &mut text)?;
            if self.want_values {
                let reason = values::from_term(Heap::new(mem), &host.atoms, reason, 0)?;
                self.last_value = Some(Err(ErlangError {
                    class: "exit".into(),
                    reason,
                    stacktrace: ErlValue::List(Vec::new()),
                }));
            }
            return Ok(Outcome::Raised {
                class: "exit",
                reason: text,
            });
        }
        self.outcome(context)
    }

    /// How the finished process at `context` ended: its uncaught exception, or `x0`.
    fn outcome(&mut self, context: u32) -> Result<Outcome, RuntimeError> {
        if let Some((class, reason)) = self.engine.host().uncaught {
            let frames = match self.engine.host().uncaught_trace.map(term::shape) {
                Some(term::Shape::Boxed(address)) => {
                    read_word(self.engine.memory(), address + term::tuple::element(1)).ok()
                }
                _ => None,
            };
            self.last_crash =
                Some(self.crash_report(Some(class), reason, frames.unwrap_or(term::NIL))?);
        }
        let (mem, host) = self.engine.split();
        let heap = Heap::new(mem);
        let mut text = Vec::new();
        self.last_stacktrace = None;
        self.last_value = None;
        Ok(match host.uncaught.take() {
            Some((class, reason)) => {
                write_term(heap, &host.atoms, reason, &mut text)?;
                // The raw trace is `{Class, Frames}`.
                let frames = match host.uncaught_trace.take().map(term::shape) {
                    Some(term::Shape::Boxed(address)) => {
                        heap.word(address + term::tuple::element(1)).ok()
                    }
                    _ => None,
                };
                if let Some(list) = frames {
                    let mut printed = Vec::new();
                    if write_term(heap, &host.atoms, list, &mut printed).is_ok() {
                        self.last_stacktrace = Some(printed);
                    }
                }
                if self.want_values {
                    let convert = |t| values::from_term(heap, &host.atoms, t, 0);
                    self.last_value = Some(Err(ErlangError {
                        class: class.name().into(),
                        reason: convert(reason)?,
                        stacktrace: match frames {
                            Some(list) => convert(list)?,
                            None => ErlValue::List(Vec::new()),
                        },
                    }));
                }
                Outcome::Raised {
                    class: class.name(),
                    reason: text,
                }
            }
            None => {
                let result = read_word(mem, context + ctx::x(0))?;
                write_term(heap, &host.atoms, result, &mut text)?;
                if self.want_values {
                    self.last_value = Some(Ok(values::from_term(heap, &host.atoms, result, 0)?));
                }
                Outcome::Returned(text)
            }
        })
    }
}
