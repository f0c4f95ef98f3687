//! Files, commands and the sandbox around them. OTP's own `file`, `file_server`,
//! `file_io_server`, `filelib`, `filename` and `prim_file` run as compiled from OTP; this room
//! is what OTP writes in C under them: `prim_file`'s NIFs (`prim_file.rs`, on `std::fs`),
//! `prim_buffer`'s (the read-ahead buffer, here), `os:cmd`'s worker (`cmd.rs`), the start of
//! the `file_server_2` process the first time a program looks for it (`server.rs`), and the
//! sandbox every path goes through (`sandbox.rs`). `host_os.rs` is what they need of the OS
//! beyond `std`'s portable API (POSIX calls on Unix; an `enotsup` error elsewhere).
//!
//! Open files and buffers are references (`make_ref` numbers, as NIF resources are
//! references) to host-side state owned by the process that made them, closed when it ends.

use std::collections::{HashMap, VecDeque};

use crate::abi::bifs::FileBif;
use crate::abi::term::{self, Shape, Term};
use crate::runtime::bifs::os::environment;
use crate::runtime::bifs::{badarg, BifCall, BifResult, Raise};
use crate::runtime::data::bits::iodata_bytes;
use crate::runtime::host::Host;
use crate::runtime::term::atoms::AtomTable;
use crate::runtime::term::heap::Heap;
use crate::runtime::term::value::Value;

mod cmd;
mod host_os;
mod prim_file;
pub(crate) use prim_file::local_file_info;
pub mod sandbox;
mod server;

pub(crate) use server::ensure_file_server;

/// An open file: `None` once closed (operations then get `einval`, as OTP's closed
/// handles do), and the process whose exit closes it.
struct Handle {
    file: Option<std::fs::File>,
    owner: u32,
}

/// `prim_buffer`'s buffer: bytes read ahead of what the reader has taken.
struct Buffer {
    bytes: VecDeque<u8>,
    owner: u32,
    locked: bool,
}

/// The room's state in the host: the sandbox, open files and buffers by reference number.
#[derive(Default)]
pub(crate) struct Files {
    pub sandbox: sandbox::Sandbox,
    handles: HashMap<u64, Handle>,
    buffers: HashMap<u64, Buffer>,
}

impl Files {
    pub fn new(sandbox: sandbox::Sandbox) -> Files {
        Files {
            sandbox,
            ..Files::default()
        }
    }
}

/// Process `pid` has ended: its files close and its buffers go.
pub(crate) fn drop_owned(host: &mut Host, pid: u32) {
    host.files.handles.retain(|_, h| h.owner != pid);
    host.files.buffers.retain(|_, b| b.owner != pid);
}

/// The POSIX name OTP gives an OS error (`enoent`, `eacces`, ...).
fn posix_name(error: &std::io::Error) -> &'static str {
    let Some(code) = error.raw_os_error() else {
        return match error.kind() {
            std::io::ErrorKind::NotFound => "enoent",
            std::io::ErrorKind::PermissionDenied => "eacces",
            std::io::ErrorKind::AlreadyExists => "eexist",
            std::io::ErrorKind::InvalidInput => "einval",
            // What a build without the OS's calls (wasm32-unknown-unknown) answers.
            std::io::ErrorKind::Unsupported => "enotsup",
            _ => "eio",
        };
    };
    host_os::errno_name(code).unwrap_or("unknown")
}

fn atom(atoms: &mut AtomTable, name: &str) -> Value {
    Value::atom(atoms.intern(name))
}

fn ok_tuple(atoms: &mut AtomTable, value: Value) -> Value {
    Value::Tuple(vec![atom(atoms, "ok"), value])
}

fn error_tuple(atoms: &mut AtomTable, posix: &str) -> Value {
    Value::Tuple(vec![atom(atoms, "error"), atom(atoms, posix)])
}

fn bytes(data: Vec<u8>) -> Value {
    let bits = 8 * data.len() as u64;
    Value::Bitstring { data, bits }
}

fn non_negative(t: Term) -> Option<u64> {
    match term::shape(t) {
        Shape::Small(v) => u64::try_from(v).ok(),
        _ => None,
    }
}

/// The encoding of file names (`file:native_name_encoding/0`): UTF-8 when the locale's is, as
/// `erl` decides at start without `+fn` flags, else latin1.
fn utf8_names() -> bool {
    let locale = ["LC_ALL", "LC_CTYPE", "LANG"]
        .iter()
        .find_map(|v| environment::var(v).filter(|s| !s.is_empty()))
        .unwrap_or_default()
        .to_ascii_lowercase();
    locale.contains("utf-8") || locale.contains("utf8")
}

/// This room's BIFs, in the one calling convention (`bifs::BifCall`).
pub(crate) fn call(call: &mut BifCall<'_>, bif: FileBif) -> BifResult {
    let pid = call.machine.host().procs.current.unwrap_or(0);
    match bif {
        FileBif::OsDoCmd2 => return cmd::do_cmd(call),
        FileBif::BufferNew0 => {
            let host = call.machine.host_mut();
            let reference = host.procs.new_reference();
            host.files.buffers.insert(
                reference,
                Buffer {
                    bytes: VecDeque::new(),
                    owner: pid,
                    locked: false,
                },
            );
            return Ok(Value::Reference(reference));
        }
        FileBif::FileOpenNif2 => {
            let (mem, host) = call.machine.split();
            let opened = prim_file::open(Heap::new(mem), host, call.args)?;
            return Ok(match opened {
                Ok(file) => {
                    let reference = host.procs.new_reference();
                    host.files.handles.insert(
                        reference,
                        Handle {
                            file: Some(file),
                            owner: pid,
                        },
                    );
                    ok_tuple(&mut host.atoms, Value::Reference(reference))
                }
                Err(posix) => error_tuple(&mut host.atoms, posix),
            });
        }
        _ => {}
    }
    let (mem, host) = call.machine.split();
    let heap = Heap::new(mem);
    let args = call.args;
    match bif {
        FileBif::BufferSize1
        | FileBif::BufferPeekHead1
        | FileBif::BufferCopyingRead2
        | FileBif::BufferWrite2
        | FileBif::BufferSkip2
        | FileBif::BufferFindByteIndex2
        | FileBif::BufferTryLock1
        | FileBif::BufferUnlock1 => buffer(bif, heap, host, args),
        FileBif::NativeNameEncoding0 => Ok(atom(
            &mut host.atoms,
            if utf8_names() { "utf8" } else { "latin1" },
        )),
        // Dynamic tracing is not built in: no tag to spread (OTP without dtrace answers
        // `true` to a boolean), nothing to restore but the `true` that gave back.
        FileBif::DtSpreadTag1 if args[0] == term::atom_true() || args[0] == term::atom_false() => {
            Ok(Value::boolean(true))
        }
        FileBif::DtRestoreTag1 if args[0] == term::atom_true() => Ok(Value::boolean(true)),
        FileBif::DtSpreadTag1 | FileBif::DtRestoreTag1 => Err(badarg(&mut host.atoms)),
        _ => prim_file::call(bif, heap, host, args),
    }
}

/// `prim_buffer`'s NIFs on the buffer `args[0]` names (`badarg` for anything else).
fn buffer(bif: FileBif, heap: Heap<'_>, host: &mut Host, args: &[Term]) -> BifResult {
    let reference = reference_number(heap, args[0]);
    let Some(buffer) = reference.and_then(|r| host.files.buffers.get_mut(&r)) else {
        return Err(badarg(&mut host.atoms));
    };
    let size = buffer.bytes.len() as u64;
    let atoms = &mut host.atoms;
    match bif {
        FileBif::BufferSize1 => Ok(Value::small(size as i64)),
        FileBif::BufferPeekHead1 => Ok(bytes(buffer.bytes.make_contiguous().to_vec())),
        FileBif::BufferCopyingRead2 => match non_negative(args[1]) {
            Some(n) if n <= size => Ok(bytes(buffer.bytes.drain(..n as usize).collect())),
            _ => Err(badarg(atoms)),
        },
        FileBif::BufferSkip2 => match non_negative(args[1]) {
            Some(n) if n <= size => {
                buffer.bytes.drain(..n as usize);
                Ok(atom(atoms, "ok"))
            }
            _ => Err(badarg(atoms)),
        },
        FileBif::BufferWrite2 => match iodata_bytes(heap, args[1])? {
            Some(data) => {
                buffer.bytes.extend(data);
                Ok(atom(atoms, "ok"))
            }
            None => Err(badarg(atoms)),
        },
        FileBif::BufferFindByteIndex2 => match non_negative(args[1]) {
            Some(byte) if byte < 256 => {
                match buffer.bytes.iter().position(|&b| u64::from(b) == byte) {
                    Some(i) => Ok(ok_tuple(atoms, Value::small(i as i64))),
                    None => Ok(atom(atoms, "not_found")),
                }
            }
            _ => Err(badarg(atoms)),
        },
        FileBif::BufferTryLock1 => {
            let was = std::mem::replace(&mut buffer.locked, true);
            Ok(atom(atoms, if was { "busy" } else { "acquired" }))
        }
        FileBif::BufferUnlock1 => {
            buffer.locked = false;
            Ok(atom(atoms, "ok"))
        }
        _ => Err(Raise::Fault(crate::runtime::error::Fault::Invariant(
            "files::buffer called for another BIF",
        ))),
    }
}

/// The number of reference `t` (which names a file or a buffer), if it is one.
fn reference_number(heap: Heap<'_>, t: Term) -> Option<u64> {
    let Shape::Boxed(address) = term::shape(t) else {
        return None;
    };
    if heap.word(address).ok()? != term::header(term::reference::WORDS, term::boxed::REFERENCE) {
        return None;
    }
    heap.word(address + term::reference::NUMBER).ok()
}
