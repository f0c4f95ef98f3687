//! `prim_file`'s NIFs on `std::fs`, with OTP's results: `{ok, _}`, `eof` or `{error, Posix}`
//! with the names and the few rewrites OTP's `unix_prim_file.c` makes (a non-empty directory is
//! `eexist`, deleting a directory `eperm`, opening one `eisdir`, a closed file `einval`), and
//! `badarg` for arguments of the wrong type (which `prim_file.erl` turns into
//! `{error, badarg}`). Every path goes through the sandbox first.

use std::fs::{File, Metadata, OpenOptions};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use num_bigint::BigInt;

use super::host_os;
use super::sandbox::Links;
use super::{atom, bytes, error_tuple, non_negative, ok_tuple, posix_name, reference_number};
use crate::abi::bifs::FileBif;
use crate::abi::term::{self, Shape, Term};
use crate::runtime::bifs::{badarg, BifResult, Raise};
use crate::runtime::data::bits;
use crate::runtime::host::Host;
use crate::runtime::term::atoms::AtomTable;
use crate::runtime::term::heap::Heap;
use crate::runtime::term::value::Value;

/// The bytes of a binary argument (a native name has its NUL still on).
fn binary_arg(heap: Heap<'_>, t: Term) -> Result<Option<Vec<u8>>, Raise> {
    match bits::view(heap, t)? {
        Some(v) if v.size.is_multiple_of(8) => Ok(Some(bits::extract(heap, &v)?)),
        _ => Ok(None),
    }
}

/// A native name (`internal_name2native/1`'s binary) as the host path the sandbox allows, or
/// the POSIX error; `badarg` when it is not a binary.
fn path_arg(
    heap: Heap<'_>,
    host: &mut Host,
    t: Term,
    links: Links,
) -> Result<Result<PathBuf, &'static str>, Raise> {
    let Some(mut name) = binary_arg(heap, t)? else {
        return Err(badarg(&mut host.atoms));
    };
    if name.last() == Some(&0) {
        name.pop();
    }
    if name.contains(&0) {
        return Ok(Err("einval"));
    }
    Ok(host.files.sandbox.resolve(&name, links))
}

/// `{ok, Ref}` or `{error, Posix}` for `open_nif(Path, Modes)`: `Ok(Err(posix))` when the
/// file cannot be opened.
pub(super) fn open(
    heap: Heap<'_>,
    host: &mut Host,
    args: &[Term],
) -> Result<Result<File, &'static str>, Raise> {
    let Some(modes) = heap.proper_list(args[1])? else {
        return Err(badarg(&mut host.atoms));
    };
    let (mut read, mut write, mut append, mut exclusive, mut sync, mut directory) =
        (false, false, false, false, false, false);
    for mode in modes {
        if let Shape::Atom(index) = term::shape(mode) {
            match host.atoms.name(index) {
                Some("read") => read = true,
                Some("write") => write = true,
                Some("append") => (append, write) = (true, true),
                Some("exclusive") => exclusive = true,
                Some("sync") => sync = true,
                Some("directory") => directory = true,
                _ => {}
            }
        }
    }
    let path = match path_arg(heap, host, args[0], Links::Follow)? {
        Ok(path) => path,
        Err(posix) => return Ok(Err(posix)),
    };
    if !read && !write {
        read = true;
    }
    let mut options = OpenOptions::new();
    options.read(read).write(write);
    if write {
        // Writing alone truncates; with read or append it keeps the contents (OTP's flags).
        options.create(true);
        if !read && !append && !exclusive {
            options.truncate(true);
        }
    }
    if append {
        options.append(true);
    }
    if exclusive {
        options.create_new(true);
    }
    if sync {
        if let Err(e) = host_os::sync_writes(&mut options) {
            return Ok(Err(posix_name(&e)));
        }
    }
    let file = match options.open(&path) {
        Ok(file) => file,
        Err(e) => return Ok(Err(posix_name(&e))),
    };
    // OTP opens regular files (and devices), and directories only when asked to.
    match file.metadata() {
        Ok(m) if m.is_dir() && !directory => Ok(Err("eisdir")),
        Ok(m) if !m.is_dir() && directory => Ok(Err("enotdir")),
        Ok(_) => Ok(Ok(file)),
        Err(e) => Ok(Err(posix_name(&e))),
    }
}

fn io_result(atoms: &mut AtomTable, result: std::io::Result<Value>) -> Value {
    match result {
        Ok(v) => v,
        Err(e) => error_tuple(atoms, posix_name(&e)),
    }
}

/// Reads up to `size` bytes (fewer only at the end of the file), in chunks: a large request
/// on a small file allocates what the file holds, not what was asked for.
fn read_up_to(
    mut read: impl FnMut(&mut [u8]) -> std::io::Result<usize>,
    size: usize,
) -> std::io::Result<Vec<u8>> {
    let mut data = Vec::new();
    let mut chunk = vec![0; size.min(1 << 16)];
    while data.len() < size {
        let want = (size - data.len()).min(chunk.len());
        match read(&mut chunk[..want]) {
            Ok(0) => break,
            Ok(n) => data.extend_from_slice(&chunk[..n]),
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(data)
}

/// Bytes no read or write may ask for at once (a binary's limit, `docs/abi.md` §3.1).
const MAX_TRANSFER: u64 = 1 << 28;

fn data_or_eof(atoms: &mut AtomTable, size: u64, data: Vec<u8>) -> Value {
    if data.is_empty() && size > 0 {
        atom(atoms, "eof")
    } else {
        ok_tuple(atoms, bytes(data))
    }
}

/// `prim_file`'s NIFs but `open_nif` (`mod.rs` keeps the handle table).
pub(super) fn call(bif: FileBif, heap: Heap<'_>, host: &mut Host, args: &[Term]) -> BifResult {
    // Operations on an open file.
    let on_file = matches!(
        bif,
        FileBif::FileCloseNif1
            | FileBif::FileDelayedCloseNif1
            | FileBif::FileReadNif2
            | FileBif::FileWriteNif2
            | FileBif::FilePreadNif3
            | FileBif::FilePwriteNif3
            | FileBif::FileSeekNif3
            | FileBif::FileSyncNif2
            | FileBif::FileTruncateNif1
            | FileBif::FileAllocateNif3
            | FileBif::FileAdviseNif4
            | FileBif::FileReadHandleInfoNif1
            | FileBif::FileIpreadNif3
            | FileBif::FileGetHandleNif1
    );
    if on_file {
        return file_operation(bif, heap, host, args);
    }
    match bif {
        FileBif::FileName2Native1 => name_to_native(heap, &mut host.atoms, args[0]),
        FileBif::FileNative2Name1 => {
            let Some(name) = binary_arg(heap, args[0])? else {
                return Err(badarg(&mut host.atoms));
            };
            Ok(native_to_name(&mut host.atoms, name))
        }
        FileBif::FileIsTranslatable1 => match binary_arg(heap, args[0])? {
            Some(name) => Ok(Value::boolean(
                !super::utf8_names() || std::str::from_utf8(&name).is_ok(),
            )),
            None => Err(badarg(&mut host.atoms)),
        },
        FileBif::FileGetCwdNif0 => {
            let cwd = host_os::path_bytes(&host.files.sandbox.cwd);
            Ok(ok_tuple(&mut host.atoms, bytes(cwd)))
        }
        // Windows' short names and per-drive working directories: Unix has neither.
        FileBif::FileAltnameNif1 | FileBif::FileGetDeviceCwdNif1 => {
            Ok(error_tuple(&mut host.atoms, "enotsup"))
        }
        _ => path_operation(bif, heap, host, args),
    }
}

fn chars(text: &str) -> Value {
    Value::proper_list(text.chars().map(|c| Value::small(c as i64)).collect())
}

/// `internal_name2native/1`: a file name (a flat or deep list of characters, or a binary) as
/// the native binary the NIFs take, NUL-terminated; a NUL inside is `badarg`.
fn name_to_native(heap: Heap<'_>, atoms: &mut AtomTable, name: Term) -> BifResult {
    let utf8 = super::utf8_names();
    if let Some(mut data) = binary_arg(heap, name)? {
        if data.contains(&0) {
            return Err(badarg(atoms));
        }
        data.push(0);
        return Ok(bytes(data));
    }
    // A name is a list (or a binary): a lone character is not one.
    if !matches!(term::shape(name), Shape::Nil | Shape::Cons(_)) {
        return Err(badarg(atoms));
    }
    let mut out = Vec::new();
    let mut pending = vec![name];
    while let Some(t) = pending.pop() {
        match term::shape(t) {
            Shape::Nil => {}
            Shape::Cons(cell) => {
                let (head, tail) = heap.cons(cell)?;
                pending.push(tail);
                pending.push(head);
            }
            Shape::Small(0) => return Err(badarg(atoms)),
            Shape::Small(c) if utf8 => match u32::try_from(c).ok().and_then(char::from_u32) {
                Some(ch) => out.extend_from_slice(ch.encode_utf8(&mut [0; 4]).as_bytes()),
                None => return Err(badarg(atoms)),
            },
            Shape::Small(c) if (0..256).contains(&c) => out.push(c as u8),
            _ => return Err(badarg(atoms)),
        }
    }
    out.push(0);
    Ok(bytes(out))
}

/// `internal_native2name/1`: a native name as a list of characters, or `{error, warning}`
/// when it is not in the name encoding (OTP's default handling of such names).
fn native_to_name(atoms: &mut AtomTable, name: Vec<u8>) -> Value {
    if !super::utf8_names() {
        return Value::proper_list(name.iter().map(|&b| Value::small(b.into())).collect());
    }
    match String::from_utf8(name) {
        Ok(text) => chars(&text),
        Err(_) => Value::Tuple(vec![atom(atoms, "error"), atom(atoms, "warning")]),
    }
}

fn file_operation(bif: FileBif, heap: Heap<'_>, host: &mut Host, args: &[Term]) -> BifResult {
    let number = reference_number(heap, args[0]);
    if matches!(bif, FileBif::FileCloseNif1 | FileBif::FileDelayedCloseNif1) {
        let closed = number
            .and_then(|n| host.files.handles.get_mut(&n))
            .map(|h| h.file.take().is_some());
        return match closed {
            Some(true) => Ok(atom(&mut host.atoms, "ok")),
            Some(false) => Ok(error_tuple(&mut host.atoms, "einval")),
            None => Err(badarg(&mut host.atoms)),
        };
    }
    // Arguments are checked before the file (a bad one is `badarg` even on a closed file).
    let integer = |i: usize| match term::shape(args[i]) {
        Shape::Small(v) => Some(v),
        _ => None,
    };
    let mut data = None;
    match bif {
        FileBif::FileWriteNif2 => data = Some(args[1]),
        FileBif::FilePwriteNif3 => data = Some(args[2]),
        _ => {}
    }
    let data = match data {
        Some(t) => match bits::iodata_bytes(heap, t)? {
            Some(d) => Some(d),
            None => return Err(badarg(&mut host.atoms)),
        },
        None => None,
    };
    let mark = if bif == FileBif::FileSeekNif3 {
        match term::shape(args[1]) {
            Shape::Atom(i) => match host.atoms.name(i) {
                Some("bof") => Some(0),
                Some("cur") => Some(1),
                Some("eof") => Some(2),
                _ => return Err(badarg(&mut host.atoms)),
            },
            _ => return Err(badarg(&mut host.atoms)),
        }
    } else {
        None
    };
    let sizes_ok = match bif {
        FileBif::FileReadNif2 => non_negative(args[1]).is_some(),
        FileBif::FilePreadNif3 | FileBif::FileIpreadNif3 => {
            non_negative(args[1]).is_some() && non_negative(args[2]).is_some()
        }
        FileBif::FilePwriteNif3 => non_negative(args[1]).is_some(),
        FileBif::FileSeekNif3 => integer(2).is_some(),
        FileBif::FileAllocateNif3 => integer(1).is_some() && integer(2).is_some(),
        FileBif::FileAdviseNif4 => integer(1).is_some() && integer(2).is_some(),
        _ => true,
    };
    if !sizes_ok {
        return Err(badarg(&mut host.atoms));
    }
    let (atoms, files) = (&mut host.atoms, &mut host.files);
    let file = match number.and_then(|n| files.handles.get_mut(&n)) {
        Some(h) => match h.file.as_mut() {
            Some(file) => file,
            None => return Ok(error_tuple(atoms, "einval")),
        },
        None => return Err(badarg(atoms)),
    };
    let ok = atom(atoms, "ok");
    let value = match bif {
        FileBif::FileReadNif2 => {
            let size = non_negative(args[1]).unwrap_or(0).min(MAX_TRANSFER);
            read_up_to(|buf| file.read(buf), size as usize)
                .map(|data| data_or_eof(atoms, size, data))
        }
        FileBif::FilePreadNif3 => {
            let offset = non_negative(args[1]).unwrap_or(0);
            let size = non_negative(args[2]).unwrap_or(0).min(MAX_TRANSFER);
            let mut at = offset;
            read_up_to(
                |buf| {
                    let n = host_os::read_at(file, buf, at)?;
                    at += n as u64;
                    Ok(n)
                },
                size as usize,
            )
            .map(|data| data_or_eof(atoms, size, data))
        }
        FileBif::FileWriteNif2 => file
            .write_all(&data.unwrap_or_default())
            .map(|()| ok.clone()),
        FileBif::FilePwriteNif3 => {
            let offset = non_negative(args[1]).unwrap_or(0);
            host_os::write_all_at(file, &data.unwrap_or_default(), offset).map(|()| ok.clone())
        }
        FileBif::FileSeekNif3 => {
            let offset = integer(2).unwrap_or(0);
            let target = match mark {
                Some(0) if offset < 0 => None,
                Some(0) => Some(SeekFrom::Start(offset as u64)),
                Some(1) => Some(SeekFrom::Current(offset)),
                _ => Some(SeekFrom::End(offset)),
            };
            match target {
                None => Ok(error_tuple(atoms, "einval")),
                Some(target) => file
                    .seek(target)
                    .map(|at| ok_tuple(atoms, Value::Int(BigInt::from(at)))),
            }
        }
        FileBif::FileSyncNif2 => {
            let data_only = integer(1) == Some(1);
            let synced = if data_only {
                file.sync_data()
            } else {
                file.sync_all()
            };
            synced.map(|()| ok.clone())
        }
        FileBif::FileTruncateNif1 => file
            .stream_position()
            .and_then(|at| file.set_len(at))
            .map(|()| ok.clone()),
        FileBif::FileAllocateNif3 => {
            let (offset, length) = (integer(1).unwrap_or(0), integer(2).unwrap_or(0));
            if offset < 0 || length <= 0 {
                Ok(error_tuple(atoms, "einval"))
            } else {
                // Space for `offset + length` bytes: the file grows, its contents stay.
                file.metadata()
                    .and_then(|m| {
                        let end = (offset + length) as u64;
                        if m.len() < end {
                            file.set_len(end)
                        } else {
                            Ok(())
                        }
                    })
                    .map(|()| ok.clone())
            }
        }
        FileBif::FileAdviseNif4 => {
            // Advice is a hint the OS may ignore: only its name is checked.
            let known = match term::shape(args[3]) {
                Shape::Atom(i) => matches!(
                    atoms.name(i),
                    Some(
                        "normal" | "sequential" | "random" | "no_reuse" | "will_need" | "dont_need"
                    )
                ),
                _ => false,
            };
            if !known {
                return Err(badarg(atoms));
            }
            Ok(ok.clone())
        }
        FileBif::FileReadHandleInfoNif1 => file
            .metadata()
            .map(|m| file_info(atoms, &m, access_by_mode(&m))),
        FileBif::FileIpreadNif3 => {
            let offset = non_negative(args[1]).unwrap_or(0);
            let max = non_negative(args[2]).unwrap_or(0);
            ipread(atoms, file, offset, max)
        }
        FileBif::FileGetHandleNif1 => Ok(error_tuple(atoms, "enotsup")),
        _ => return Err(badarg(atoms)),
    };
    Ok(io_result(atoms, value))
}

/// `ipread_s32bu_p32bu_nif/3` (for `dets`): at `offset`, a 32-bit big-endian size and a
/// 32-bit pointer, then `{ok, Size, Pointer, Data}` read at the pointer (`eof` past the end).
fn ipread(atoms: &mut AtomTable, file: &File, offset: u64, max: u64) -> std::io::Result<Value> {
    let header = read_up_to(|b| host_os::read_at(file, b, offset), 8)?;
    if header.len() < 8 {
        return Ok(atom(atoms, "eof"));
    }
    let size = u32::from_be_bytes([header[0], header[1], header[2], header[3]]) as u64;
    let pointer = u32::from_be_bytes([header[4], header[5], header[6], header[7]]) as u64;
    if size > max {
        return Ok(error_tuple(atoms, "einval"));
    }
    let mut at = pointer;
    let data = read_up_to(
        |b| {
            let n = host_os::read_at(file, b, at)?;
            at += n as u64;
            Ok(n)
        },
        size as usize,
    )?;
    let data = if data.is_empty() && size > 0 {
        atom(atoms, "eof")
    } else {
        bytes(data)
    };
    Ok(Value::Tuple(vec![
        atom(atoms, "ok"),
        Value::Int(BigInt::from(size)),
        Value::Int(BigInt::from(pointer)),
        data,
    ]))
}

/// What the calling user may do with a file, by its mode bits (for an open file, which has
/// no path to ask `access(2)` about).
fn access_by_mode(m: &Metadata) -> &'static str {
    let (r, w) = host_os::access_by_mode(m);
    access_name(r, w)
}

fn access_name(read: bool, write: bool) -> &'static str {
    match (read, write) {
        (true, true) => "read_write",
        (true, false) => "read",
        (false, true) => "write",
        (false, false) => "none",
    }
}

/// What the calling user may do with the file at `path`, as `access(2)` says.
fn access_by_path(path: &Path) -> &'static str {
    let (r, w) = host_os::access_by_path(path);
    access_name(r, w)
}

/// `#file_info{}` as the NIF returns it, times in POSIX seconds (`prim_file.erl` converts).
fn file_info(atoms: &mut AtomTable, m: &Metadata, access: &str) -> Value {
    let file_type = m.file_type();
    let type_name = if file_type.is_file() {
        "regular"
    } else if file_type.is_dir() {
        "directory"
    } else if file_type.is_symlink() {
        "symlink"
    } else if host_os::is_device(file_type) {
        "device"
    } else {
        "other"
    };
    let int = |v: i128| Value::Int(BigInt::from(v));
    let f = host_os::fields(m);
    Value::Tuple(vec![
        atom(atoms, "file_info"),
        int(f.size.into()),
        atom(atoms, type_name),
        atom(atoms, access),
        int(f.atime.into()),
        int(f.mtime.into()),
        int(f.ctime.into()),
        int(f.mode.into()),
        int(f.links.into()),
        int(f.major_device.into()),
        int(f.minor_device.into()),
        int(f.inode.into()),
        int(f.uid.into()),
        int(f.gid.into()),
    ])
}

/// `prim_file:read_file_info/1`'s `{ok, #file_info{}}` (`read_link_info/1`'s when not
/// `follow`), times as local `{{Y, Mo, D}, {H, Mi, S}}`: what `erl_prim_loader` answers. `None`
/// when the file cannot be read.
pub(crate) fn local_file_info(
    atoms: &mut AtomTable,
    path: &Path,
    follow: bool,
) -> Result<Option<Value>, crate::runtime::error::Fault> {
    let meta = if follow {
        std::fs::metadata(path)
    } else {
        std::fs::symlink_metadata(path)
    };
    let Ok(meta) = meta else {
        return Ok(None);
    };
    let Value::Tuple(mut fields) = file_info(atoms, &meta, access_by_path(path)) else {
        return Ok(None);
    };
    // atime, mtime and ctime follow the record's name, size, type and access.
    let f = host_os::fields(&meta);
    for (field, seconds) in [(4, f.atime), (5, f.mtime), (6, f.ctime)] {
        fields[field] = crate::runtime::bifs::os::local_datetime(seconds)?;
    }
    Ok(Some(ok_tuple(atoms, Value::Tuple(fields))))
}

/// The NIFs that take paths.
fn path_operation(bif: FileBif, heap: Heap<'_>, host: &mut Host, args: &[Term]) -> BifResult {
    // Which arguments are paths, and whether the operation follows a final link.
    let links = match bif {
        FileBif::FileReadFileNif1
        | FileBif::FileListDirNif1
        | FileBif::FileSetCwdNif1
        | FileBif::FileSetPermissionsNif2
        | FileBif::FileSetOwnerNif3
        | FileBif::FileSetTimeNif4 => Links::Follow,
        FileBif::FileReadInfoNif2 => match term::shape(args[1]) {
            Shape::Small(0) => Links::NoFollow,
            Shape::Small(_) => Links::Follow,
            _ => return Err(badarg(&mut host.atoms)),
        },
        _ => Links::NoFollow,
    };
    // A symbolic link's target is text stored as written, not a path opened now.
    let path = if bif == FileBif::FileMakeSoftLinkNif2 {
        PathBuf::new()
    } else {
        match path_arg(heap, host, args[0], links)? {
            Ok(path) => path,
            Err(posix) => return Ok(error_tuple(&mut host.atoms, posix)),
        }
    };
    let atoms = &mut host.atoms;
    let ok = |atoms: &mut AtomTable| atom(atoms, "ok");
    let result: std::io::Result<Value> = match bif {
        FileBif::FileReadFileNif1 => match std::fs::metadata(&path) {
            Ok(m) if m.is_dir() => return Ok(error_tuple(atoms, "eisdir")),
            _ => std::fs::read(&path).map(|data| ok_tuple(atoms, bytes(data))),
        },
        FileBif::FileReadInfoNif2 => {
            let meta = if links == Links::Follow {
                std::fs::metadata(&path)
            } else {
                std::fs::symlink_metadata(&path)
            };
            meta.map(|m| file_info(atoms, &m, access_by_path(&path)))
        }
        FileBif::FileListDirNif1 => std::fs::read_dir(&path).and_then(|entries| {
            let mut names = Vec::new();
            for entry in entries {
                names.push(bytes(host_os::path_bytes(Path::new(&entry?.file_name()))));
            }
            // OTP's NIF builds its list by prepending, and `prim_file` reverses it back.
            names.reverse();
            Ok(ok_tuple(atoms, Value::proper_list(names)))
        }),
        FileBif::FileReadLinkNif1 => std::fs::read_link(&path)
            .map(|target| ok_tuple(atoms, bytes(host_os::path_bytes(&target)))),
        FileBif::FileMakeDirNif1 => std::fs::create_dir(&path).map(|()| ok(atoms)),
        FileBif::FileDelDirNif1 => match std::fs::remove_dir(&path) {
            Err(e) if posix_name(&e) == "enotempty" => return Ok(error_tuple(atoms, "eexist")),
            other => other.map(|()| ok(atoms)),
        },
        FileBif::FileDelFileNif1 => match std::fs::remove_file(&path) {
            Err(e) if posix_name(&e) == "eisdir" => return Ok(error_tuple(atoms, "eperm")),
            other => other.map(|()| ok(atoms)),
        },
        FileBif::FileSetCwdNif1 => match std::fs::metadata(&path) {
            Ok(m) if m.is_dir() => {
                host.files.sandbox.cwd = path;
                return Ok(ok(&mut host.atoms));
            }
            Ok(_) => return Ok(error_tuple(atoms, "enotdir")),
            Err(e) => Err(e),
        },
        FileBif::FileSetPermissionsNif2 => match non_negative(args[1]) {
            Some(mode) => host_os::set_mode(&path, (mode & 0o7777) as u32).map(|()| ok(atoms)),
            None => return Err(badarg(atoms)),
        },
        FileBif::FileSetOwnerNif3 => {
            let id = |t: Term| match term::shape(t) {
                Shape::Small(-1) => Some(None),
                Shape::Small(v) => u32::try_from(v).ok().map(Some),
                _ => None,
            };
            match (id(args[1]), id(args[2])) {
                (Some(uid), Some(gid)) => host_os::chown(&path, uid, gid).map(|()| ok(atoms)),
                _ => return Err(badarg(atoms)),
            }
        }
        FileBif::FileSetTimeNif4 => {
            let seconds = |t: Term| match term::shape(t) {
                Shape::Small(v) => Some(v),
                _ => None,
            };
            match (seconds(args[1]), seconds(args[2])) {
                (Some(atime), Some(mtime)) => {
                    host_os::set_times(&path, atime, mtime).map(|()| ok(atoms))
                }
                _ => return Err(badarg(atoms)),
            }
        }
        FileBif::FileRenameNif2 | FileBif::FileMakeHardLinkNif2 | FileBif::FileMakeSoftLinkNif2 => {
            let second = if bif == FileBif::FileMakeSoftLinkNif2 {
                // The link's text is stored as written; following it is checked later.
                match binary_arg(heap, args[0])? {
                    Some(mut target) => {
                        if target.last() == Some(&0) {
                            target.pop();
                        }
                        match path_arg(heap, host, args[1], Links::NoFollow)? {
                            Ok(new) => Ok((host_os::path_from_bytes(&target), new)),
                            Err(posix) => Err(posix),
                        }
                    }
                    None => return Err(badarg(&mut host.atoms)),
                }
            } else {
                match path_arg(heap, host, args[1], Links::NoFollow)? {
                    Ok(new) => Ok((path.clone(), new)),
                    Err(posix) => Err(posix),
                }
            };
            let atoms = &mut host.atoms;
            let (from, to) = match second {
                Ok(pair) => pair,
                Err(posix) => return Ok(error_tuple(atoms, posix)),
            };
            match bif {
                FileBif::FileRenameNif2 => std::fs::rename(&from, &to),
                FileBif::FileMakeHardLinkNif2 => std::fs::hard_link(&from, &to),
                _ => host_os::symlink(&from, &to),
            }
            .map(|()| ok(atoms))
        }
        _ => return Err(badarg(atoms)),
    };
    Ok(io_result(&mut host.atoms, result))
}
