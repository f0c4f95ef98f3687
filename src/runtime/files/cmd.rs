//! `os:cmd/1,2`'s worker, `os:do_cmd/2`: what OTP's does through a port to `/bin/sh`, in one
//! call. The command runs as OTP runs it — `/bin/sh -s unix:cmd` reading
//! `(Cmd\n) </dev/null; echo "^D"` on standard input, standard error into standard output —
//! and its output is what came before the `^D` (at most `max_size` bytes), as a list of
//! characters when it is UTF-8, else of bytes. Errors are thrown as OTP's `do_cmd` throws
//! them (`badarg`, `badopt`, `{open_port, Reason}`), for `cmd/1,2` to raise. Commands run
//! only when the sandbox allows them (`--allow-cmd`): otherwise the port cannot open
//! (`{open_port, eacces}`). The scheduler waits for the command. Where there is no Unix
//! shell to run (the `wasm32-unknown-unknown` build: no processes, no threads) the port
//! cannot open either: `{open_port, enotsup}`.

use crate::abi::term::{self, Shape, Term};
use crate::runtime::bifs::{BifCall, BifResult, Raise};
use crate::runtime::data::map;
use crate::runtime::exception::Class;
use crate::runtime::term::heap::{Heap, TermError};
use crate::runtime::term::value::Value;

/// What `sh` echoes when the command is done.
const END_OF_OUTPUT: u8 = 0x04;

fn throw(reason: Value) -> Raise {
    Raise::Exception {
        class: Class::Throw,
        reason,
    }
}

/// The command as OTP's `validate/1` accepts it (an atom, or a possibly deep list of
/// positive code points, zeros allowed only at the end, where they are dropped), as UTF-8.
fn command_text(
    heap: Heap<'_>,
    atoms: &crate::runtime::term::atoms::AtomTable,
    t: Term,
) -> Result<Option<String>, TermError> {
    if let Shape::Atom(index) = term::shape(t) {
        return Ok(atoms.name(index).map(String::from));
    }
    if !matches!(term::shape(t), Shape::Cons(_) | Shape::Nil) {
        return Ok(None);
    }
    let mut text = String::new();
    let mut zeros = false;
    let mut pending = vec![t];
    while let Some(t) = pending.pop() {
        match term::shape(t) {
            Shape::Nil => {}
            Shape::Cons(cell) => {
                let (head, tail) = heap.cons(cell)?;
                if !matches!(term::shape(tail), Shape::Cons(_) | Shape::Nil) {
                    return Ok(None);
                }
                pending.push(tail);
                pending.push(head);
            }
            Shape::Small(0) => zeros = true,
            Shape::Small(c) if !zeros => match u32::try_from(c).ok().and_then(char::from_u32) {
                Some(ch) => text.push(ch),
                None => return Ok(None),
            },
            _ => return Ok(None),
        }
    }
    Ok(Some(text))
}

pub(super) fn do_cmd(call: &mut BifCall<'_>) -> BifResult {
    let (mem, host) = call.machine.split();
    let heap = Heap::new(mem);
    let (command, options) = (call.args[0], call.args[1]);
    let atoms = &mut host.atoms;
    let Some(map) = map::map_ref(heap, options)? else {
        return Err(throw(Value::atom(atoms.intern("badopt"))));
    };
    let key = term::atom(atoms.intern("max_size"));
    // `infinity` (or anything but a size) leaves the output whole, as OTP compares it.
    let max_size = match map::lookup(heap, atoms, map, key)?.map(term::shape) {
        Some(Shape::Small(n)) if n >= 0 => Some(n as usize),
        _ => None,
    };
    let Some(text) = command_text(heap, atoms, command)? else {
        return Err(throw(Value::atom(atoms.intern("badarg"))));
    };
    if !host.files.sandbox.allow_cmd {
        return Err(throw(Value::Tuple(vec![
            Value::atom(atoms.intern("open_port")),
            Value::atom(atoms.intern("eacces")),
        ])));
    }
    let output = match run(&text, &host.files.sandbox.cwd, max_size) {
        Ok(output) => output,
        Err(e) => {
            let posix = super::posix_name(&e);
            return Err(throw(Value::Tuple(vec![
                Value::atom(atoms.intern("open_port")),
                Value::atom(atoms.intern(posix)),
            ])));
        }
    };
    let codes: Vec<Value> = match std::str::from_utf8(&output) {
        Ok(text) => text.chars().map(|c| Value::small(c as i64)).collect(),
        Err(_) => output.iter().map(|&b| Value::small(b.into())).collect(),
    };
    Ok(Value::proper_list(codes))
}

/// Runs `command` as OTP does and gives back its output up to the end marker.
#[cfg(unix)]
fn run(command: &str, cwd: &std::path::Path, max_size: Option<usize>) -> std::io::Result<Vec<u8>> {
    use std::io::{Read, Write};
    use std::process::{Command, Stdio};

    let (mut reader, writer) = std::io::pipe()?;
    let mut child = {
        let mut sh = Command::new("/bin/sh");
        sh.args(["-s", "unix:cmd"])
            .current_dir(cwd)
            .stdin(Stdio::piped())
            .stdout(writer.try_clone()?)
            .stderr(writer);
        sh.spawn()?
        // `sh` (and its copies of the pipe's writing end) goes here, so the reader sees the
        // end of the output when the shell and its children have closed theirs.
    };
    if let Some(mut stdin) = child.stdin.take() {
        let input = format!("({command}\n) </dev/null; echo \"\u{4}\"\n");
        // A shell that exits early closes its input: what it printed still counts.
        let _ = stdin.write_all(input.as_bytes());
    }
    let mut output = Vec::new();
    let mut chunk = [0u8; 8192];
    loop {
        let n = match reader.read(&mut chunk) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        output.extend_from_slice(&chunk[..n]);
        if let Some(end) = output.iter().position(|&b| b == END_OF_OUTPUT) {
            output.truncate(end);
            break;
        }
        if max_size.is_some_and(|max| output.len() >= max) {
            break;
        }
    }
    if let Some(max) = max_size {
        output.truncate(max);
    }
    // The shell ends after its echo; background jobs it started may outlive it, as on OTP.
    std::thread::spawn(move || child.wait());
    Ok(output)
}

/// No shell: an `Unsupported` error (`enotsup`).
#[cfg(not(unix))]
fn run(
    _command: &str,
    _cwd: &std::path::Path,
    _max_size: Option<usize>,
) -> std::io::Result<Vec<u8>> {
    Err(std::io::ErrorKind::Unsupported.into())
}
