//! Standard output for Erlang code: the group leader every process shares (`beamwasm_io`, an
//! Erlang module of beamwasm's own, compiled by `build.rs` and embedded here) and the BIFs it
//! and `erlang:group_leader/0,2` need. `io:format` and friends, compiled from OTP, send their
//! requests to it (OTP's io protocol); it formats with OTP's `io_lib` and writes through
//! `beamwasm:put_chars/3`.

use std::io::Write;

use crate::runtime::error::Fault;
use crate::runtime::machine::Machine;

use crate::abi::bifs::IoBif;
use crate::abi::Bif;
use crate::abi::NON_VALUE;
use crate::runtime::bifs::{from_word, BifCall, BifResult};

use crate::abi::term::{self, Shape, Term};
use crate::runtime::exception;
use crate::runtime::term::heap::Heap;

/// The io server's `.beam` (empty when `erlc` was missing at build time).
pub const IO_SERVER_BEAM: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/beamwasm_io.beam"));
pub const IO_SERVER: &str = "beamwasm_io";

/// The bytes standard output gets for `Chars` (chardata: a deep list of code points and
/// binaries) sent with `request` encoding (`unicode`: binaries are UTF-8; `latin1`: bytes) to a
/// device of `device` encoding. A unicode device writes UTF-8. A latin1 device (`erl -noshell`'s
/// standard output) writes a code point below 256 as one byte and a larger one of a unicode
/// request as `\x{HEX}`, as OTP's `user` does. `None` when it is not such data.
fn chardata_bytes(
    heap: Heap<'_>,
    chars: Term,
    request: Encoding,
    device: Encoding,
) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    let emit = |c: u32, out: &mut Vec<u8>| -> Option<()> {
        match device {
            Encoding::Unicode => {
                let ch = char::from_u32(c)?;
                out.extend_from_slice(ch.encode_utf8(&mut [0; 4]).as_bytes());
            }
            Encoding::Latin1 if c < 256 => out.push(c as u8),
            Encoding::Latin1 if request == Encoding::Unicode && char::from_u32(c).is_some() => {
                out.extend_from_slice(format!("\\x{{{c:X}}}").as_bytes());
            }
            Encoding::Latin1 => return None,
        }
        Some(())
    };
    let mut pending = vec![chars];
    while let Some(t) = pending.pop() {
        match term::shape(t) {
            Shape::Nil => {}
            Shape::Small(c) if c >= 0 => {
                let c = u32::try_from(c).ok()?;
                if request == Encoding::Latin1 && c > 255 {
                    return None;
                }
                emit(c, &mut out)?;
            }
            Shape::Cons(cell) => {
                let (head, tail) = heap.cons(cell).ok()?;
                pending.push(tail);
                pending.push(head);
            }
            Shape::Boxed(_) => {
                let view = crate::runtime::data::bits::view(heap, t).ok()??;
                if !view.size.is_multiple_of(8) {
                    return None;
                }
                let bytes = crate::runtime::data::bits::extract(heap, &view).ok()?;
                match request {
                    Encoding::Unicode => {
                        for ch in std::str::from_utf8(&bytes).ok()?.chars() {
                            emit(ch as u32, &mut out)?;
                        }
                    }
                    Encoding::Latin1 if device == Encoding::Latin1 => out.extend(bytes),
                    Encoding::Latin1 => {
                        for b in bytes {
                            emit(u32::from(b), &mut out)?;
                        }
                    }
                }
            }
            _ => return None,
        }
    }
    Some(out)
}

/// An io encoding, as `io:setopts/1` and the io protocol's requests name it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Encoding {
    Latin1,
    Unicode,
}

fn encoding(machine: &dyn Machine, t: Term) -> Option<Encoding> {
    match term::shape(t) {
        Shape::Atom(a) => match machine.host().atoms.name(a) {
            Some("unicode" | "utf8") => Some(Encoding::Unicode),
            Some("latin1") => Some(Encoding::Latin1),
            _ => None,
        },
        _ => None,
    }
}

fn badarg(machine: &mut dyn Machine, context: u32, live: u32, bif: Bif, args: &[Term]) -> Term {
    exception::bif_error(machine, context, live, bif, args, "badarg")
}

/// The group leader's pid, starting the io server the first time; it is registered as
/// `user`, as the console's io server is on erl.
pub(crate) fn group_leader(machine: &mut dyn Machine) -> Result<u32, Fault> {
    if let Some(pid) = machine.host().procs.group_leader {
        if machine.host().procs.table.contains_key(&pid) {
            return Ok(pid);
        }
    }
    if !crate::runtime::code::ensure_loaded(machine, IO_SERVER)? {
        return Err(Fault::NoIoServer);
    }
    let entry = machine
        .host()
        .code
        .export_continuation(IO_SERVER, "loop", 0)
        .ok_or(Fault::Invariant("the io server has no loop/0"))?;
    let pid = crate::runtime::process::create(machine, crate::runtime::process::SPAWN_HEAP)?;
    let user = term::atom(machine.host_mut().atoms.intern("user"));
    let procs = &mut machine.host_mut().procs;
    let name_free = !procs.registry.contains_key(&user);
    if let Some(p) = procs.table.get_mut(&pid) {
        p.continuation = entry;
        if name_free {
            p.registered = Some(user);
        }
    }
    if name_free {
        procs.registry.insert(user, pid);
    }
    procs.run_queue.push_back(pid);
    procs.group_leader = Some(pid);
    Ok(pid)
}

/// The running process's group leader: the one set for it (or its parent), else the io server.
fn process_group_leader(machine: &mut dyn Machine) -> Result<u32, Fault> {
    let own = machine
        .host_mut()
        .procs
        .current_process()
        .and_then(|p| p.group_leader);
    match own {
        Some(leader) => Ok(leader),
        None => group_leader(machine),
    }
}

/// This room's BIFs, in the one calling convention (`bifs::BifCall`).
pub(crate) fn call(call: &mut BifCall<'_>, bif: IoBif) -> BifResult {
    from_word(run(
        &mut *call.machine,
        call.context,
        call.live,
        bif,
        call.args,
    ))
}

fn run(machine: &mut dyn Machine, context: u32, live: u32, owned: IoBif, args: &[Term]) -> Term {
    let bif = Bif::from(owned);
    match owned {
        IoBif::PutChars3 => {
            let (Some(device), Some(request)) =
                (encoding(machine, args[0]), encoding(machine, args[1]))
            else {
                return badarg(machine, context, live, bif, args);
            };
            let Some(bytes) = chardata_bytes(Heap::new(machine.memory()), args[2], request, device)
            else {
                return badarg(machine, context, live, bif, args);
            };
            machine.host_mut().procs.statistics.output_bytes += bytes.len() as u64;
            let mut stdout = std::io::stdout().lock();
            if stdout
                .write_all(&bytes)
                .and_then(|_| stdout.flush())
                .is_err()
            {
                machine.host_mut().fault = Some(Fault::Stdout);
                return NON_VALUE;
            }
            term::atom(machine.host_mut().atoms.intern("ok"))
        }
        IoBif::Display1 => {
            // Straight to standard output, not through the group leader, as the emulator does.
            let mut text = Vec::new();
            let written = {
                let heap = Heap::new(machine.memory());
                crate::runtime::term::print::write_display(
                    heap,
                    &machine.host().atoms,
                    args[0],
                    &mut text,
                )
            };
            if let Err(e) = written {
                machine.host_mut().fault = Some(Fault::from(e).during("erlang:display/1"));
                return NON_VALUE;
            }
            // The emulator ends the line with CR LF, as `erl -noshell` shows.
            text.extend_from_slice(b"\r\n");
            let mut stdout = std::io::stdout().lock();
            if stdout
                .write_all(&text)
                .and_then(|_| stdout.flush())
                .is_err()
            {
                machine.host_mut().fault = Some(Fault::Stdout);
                return NON_VALUE;
            }
            term::atom_true()
        }
        IoBif::DisplayString1 => {
            // The emulator writes a string (a character list, not a binary) to stderr as is.
            let text = match term::shape(args[0]) {
                Shape::Cons(_) | Shape::Nil => chardata_bytes(
                    Heap::new(machine.memory()),
                    args[0],
                    Encoding::Unicode,
                    Encoding::Latin1,
                ),
                _ => None,
            };
            let Some(text) = text else {
                return badarg(machine, context, live, bif, args);
            };
            let mut stderr = std::io::stderr().lock();
            // A closed stderr loses the text, as the emulator's would; it is no error.
            let _ = stderr.write_all(&text).and_then(|_| stderr.flush());
            term::atom_true()
        }
        IoBif::PutErrorBytes1 => {
            // A binary's bytes, as they are (Elixir's error reports are UTF-8).
            let heap = Heap::new(machine.memory());
            let bytes = match crate::runtime::data::bits::view(heap, args[0]) {
                Ok(Some(view)) if view.size.is_multiple_of(8) => {
                    crate::runtime::data::bits::extract(heap, &view).ok()
                }
                _ => None,
            };
            let Some(bytes) = bytes else {
                return badarg(machine, context, live, bif, args);
            };
            // Standard error is where the report goes; a closed one loses it, as in OTP.
            let mut stderr = std::io::stderr().lock();
            let _ = stderr.write_all(&bytes).and_then(|_| stderr.flush());
            machine.host_mut().error_reported = true;
            term::atom(machine.host_mut().atoms.intern("ok"))
        }
        IoBif::GroupLeader0 => match process_group_leader(machine) {
            Ok(pid) => term::pid(pid),
            Err(message) => {
                machine.host_mut().fault = Some(message);
                NON_VALUE
            }
        },
        IoBif::GroupLeader2 => match (term::shape(args[0]), term::shape(args[1])) {
            (Shape::Pid(leader), Shape::Pid(pid)) => {
                match machine.host_mut().procs.table.get_mut(&pid) {
                    Some(p) => {
                        p.group_leader = Some(leader);
                        term::atom_true()
                    }
                    None => badarg(machine, context, live, bif, args),
                }
            }
            _ => badarg(machine, context, live, bif, args),
        },
    }
}
