//! What the files room asks of the host OS beyond `std`'s portable API: on Unix, the POSIX
//! calls and fields OTP's `unix_prim_file.c` uses (paths as bytes, positioned reads and
//! writes, `O_SYNC`, mode bits and owners, `access(2)`, `chown`, `symlink`, `utimensat`, the
//! `errno` names). Elsewhere — the `wasm32-unknown-unknown` build, which has no file system —
//! each call is an `Unsupported` I/O error (which `prim_file` answers as `{error, enotsup}`),
//! and what reads metadata uses the portable fields.

/// The fields of `#file_info{}` beyond type and access, as numbers.
pub(super) struct Fields {
    pub size: u64,
    /// Access, modification and status-change times in POSIX seconds.
    pub atime: i64,
    pub mtime: i64,
    pub ctime: i64,
    pub mode: u32,
    pub links: u64,
    pub major_device: u64,
    pub minor_device: u64,
    pub inode: u64,
    pub uid: u32,
    pub gid: u32,
}

/// The POSIX calls.
#[cfg(unix)]
mod imp {
    use std::ffi::{CString, OsStr};
    use std::fs::{File, FileType, Metadata, OpenOptions, Permissions};
    use std::io;
    use std::os::unix::ffi::OsStrExt;
    use std::os::unix::fs::{FileExt, FileTypeExt, MetadataExt, OpenOptionsExt, PermissionsExt};
    use std::path::{Path, PathBuf};

    use super::Fields;

    /// A path as the bytes of a native name.
    pub fn path_bytes(path: &Path) -> Vec<u8> {
        path.as_os_str().as_bytes().to_vec()
    }

    /// A native name (without its NUL) as a path.
    pub fn path_from_bytes(bytes: &[u8]) -> PathBuf {
        PathBuf::from(OsStr::from_bytes(bytes))
    }

    /// Opens with `O_SYNC` (writes reach the device before they return).
    pub fn sync_writes(options: &mut OpenOptions) -> io::Result<()> {
        options.custom_flags(libc::O_SYNC);
        Ok(())
    }

    /// `pread(2)`: reads at `offset` without moving the file's position.
    pub fn read_at(file: &File, buf: &mut [u8], offset: u64) -> io::Result<usize> {
        file.read_at(buf, offset)
    }

    /// `pwrite(2)` of all of `data` at `offset`.
    pub fn write_all_at(file: &File, data: &[u8], offset: u64) -> io::Result<()> {
        file.write_all_at(data, offset)
    }

    /// Whether a file is a block or character device.
    pub fn is_device(file_type: FileType) -> bool {
        file_type.is_block_device() || file_type.is_char_device()
    }

    /// `#file_info{}`'s numbers.
    pub fn fields(m: &Metadata) -> Fields {
        Fields {
            size: m.size(),
            atime: m.atime(),
            mtime: m.mtime(),
            ctime: m.ctime(),
            mode: m.mode(),
            links: m.nlink(),
            major_device: m.dev(),
            minor_device: m.rdev(),
            inode: m.ino(),
            uid: m.uid(),
            gid: m.gid(),
        }
    }

    /// Whether the calling user may read and write a file, by its mode bits (for an open
    /// file, which has no path to ask `access(2)` about).
    pub fn access_by_mode(m: &Metadata) -> (bool, bool) {
        // SAFETY: geteuid and getegid have no preconditions and cannot fail.
        let (uid, gid) = unsafe { (libc::geteuid(), libc::getegid()) };
        let mode = m.mode();
        if uid == 0 {
            (true, true)
        } else if m.uid() == uid {
            (mode & 0o400 != 0, mode & 0o200 != 0)
        } else if m.gid() == gid {
            (mode & 0o040 != 0, mode & 0o020 != 0)
        } else {
            (mode & 0o004 != 0, mode & 0o002 != 0)
        }
    }

    /// Whether the calling user may read and write the file at `path`, as `access(2)` says.
    pub fn access_by_path(path: &Path) -> (bool, bool) {
        let Ok(c_path) = CString::new(path.as_os_str().as_bytes()) else {
            return (false, false);
        };
        // SAFETY: `c_path` is a valid NUL-terminated string for the duration of the calls.
        unsafe {
            (
                libc::access(c_path.as_ptr(), libc::R_OK) == 0,
                libc::access(c_path.as_ptr(), libc::W_OK) == 0,
            )
        }
    }

    /// Sets a file's permission bits.
    pub fn set_mode(path: &Path, mode: u32) -> io::Result<()> {
        std::fs::set_permissions(path, Permissions::from_mode(mode))
    }

    /// `chown(2)`; `None` leaves that id as it is.
    pub fn chown(path: &Path, uid: Option<u32>, gid: Option<u32>) -> io::Result<()> {
        std::os::unix::fs::chown(path, uid, gid)
    }

    /// Makes `link` a symbolic link whose text is `target`.
    pub fn symlink(target: &Path, link: &Path) -> io::Result<()> {
        std::os::unix::fs::symlink(target, link)
    }

    /// Sets a file's access and modification times (POSIX seconds), as `utimensat(2)` does.
    pub fn set_times(path: &Path, atime: i64, mtime: i64) -> io::Result<()> {
        let c_path = CString::new(path.as_os_str().as_bytes())
            .map_err(|_| io::Error::from_raw_os_error(libc::EINVAL))?;
        let times = [
            libc::timespec {
                tv_sec: atime as libc::time_t,
                tv_nsec: 0,
            },
            libc::timespec {
                tv_sec: mtime as libc::time_t,
                tv_nsec: 0,
            },
        ];
        // SAFETY: `c_path` is NUL-terminated and `times` holds the two entries utimensat reads.
        let status = unsafe { libc::utimensat(libc::AT_FDCWD, c_path.as_ptr(), times.as_ptr(), 0) };
        if status == 0 {
            Ok(())
        } else {
            Err(io::Error::last_os_error())
        }
    }

    /// The POSIX name of an `errno` value, for those OTP's file errors name.
    pub fn errno_name(code: i32) -> Option<&'static str> {
        const NAMES: &[(i32, &str)] = &[
            (libc::EPERM, "eperm"),
            (libc::ENOENT, "enoent"),
            (libc::EIO, "eio"),
            (libc::ENXIO, "enxio"),
            (libc::EBADF, "ebadf"),
            (libc::EAGAIN, "eagain"),
            (libc::ENOMEM, "enomem"),
            (libc::EACCES, "eacces"),
            (libc::EFAULT, "efault"),
            (libc::EBUSY, "ebusy"),
            (libc::EEXIST, "eexist"),
            (libc::EXDEV, "exdev"),
            (libc::ENODEV, "enodev"),
            (libc::ENOTDIR, "enotdir"),
            (libc::EISDIR, "eisdir"),
            (libc::EINVAL, "einval"),
            (libc::ENFILE, "enfile"),
            (libc::EMFILE, "emfile"),
            (libc::ETXTBSY, "etxtbsy"),
            (libc::EFBIG, "efbig"),
            (libc::ENOSPC, "enospc"),
            (libc::ESPIPE, "espipe"),
            (libc::EROFS, "erofs"),
            (libc::EMLINK, "emlink"),
            (libc::EPIPE, "epipe"),
            (libc::ENAMETOOLONG, "enametoolong"),
            (libc::ENOSYS, "enosys"),
            (libc::ENOTEMPTY, "enotempty"),
            (libc::ELOOP, "eloop"),
            (libc::EOPNOTSUPP, "enotsup"),
            (libc::EDQUOT, "edquot"),
        ];
        NAMES.iter().find(|(c, _)| *c == code).map(|(_, n)| *n)
    }
}

/// The same functions where there is no Unix (documented above).
#[cfg(not(unix))]
mod imp {
    use std::fs::{File, FileType, Metadata, OpenOptions};
    use std::io;
    use std::path::{Path, PathBuf};
    use std::time::{SystemTime, UNIX_EPOCH};

    use super::Fields;

    fn unsupported<T>() -> io::Result<T> {
        Err(io::ErrorKind::Unsupported.into())
    }

    pub fn path_bytes(path: &Path) -> Vec<u8> {
        path.as_os_str().as_encoded_bytes().to_vec()
    }

    pub fn path_from_bytes(bytes: &[u8]) -> PathBuf {
        PathBuf::from(String::from_utf8_lossy(bytes).into_owned())
    }

    pub fn sync_writes(_options: &mut OpenOptions) -> io::Result<()> {
        unsupported()
    }

    pub fn read_at(_file: &File, _buf: &mut [u8], _offset: u64) -> io::Result<usize> {
        unsupported()
    }

    pub fn write_all_at(_file: &File, _data: &[u8], _offset: u64) -> io::Result<()> {
        unsupported()
    }

    pub fn is_device(_file_type: FileType) -> bool {
        false
    }

    pub fn fields(m: &Metadata) -> Fields {
        // A time the platform does not keep is the epoch (it reads no clock).
        let seconds = |t: io::Result<SystemTime>| {
            t.ok()
                .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
                .map_or(0, |d| d.as_secs() as i64)
        };
        let writable = !m.permissions().readonly();
        Fields {
            size: m.len(),
            atime: seconds(m.accessed()),
            mtime: seconds(m.modified()),
            ctime: seconds(m.created()),
            mode: if writable { 0o644 } else { 0o444 },
            links: 1,
            major_device: 0,
            minor_device: 0,
            inode: 0,
            uid: 0,
            gid: 0,
        }
    }

    pub fn access_by_mode(m: &Metadata) -> (bool, bool) {
        (true, !m.permissions().readonly())
    }

    pub fn access_by_path(path: &Path) -> (bool, bool) {
        std::fs::metadata(path).map_or((false, false), |m| access_by_mode(&m))
    }

    pub fn set_mode(_path: &Path, _mode: u32) -> io::Result<()> {
        unsupported()
    }

    pub fn chown(_path: &Path, _uid: Option<u32>, _gid: Option<u32>) -> io::Result<()> {
        unsupported()
    }

    pub fn symlink(_target: &Path, _link: &Path) -> io::Result<()> {
        unsupported()
    }

    pub fn set_times(_path: &Path, _atime: i64, _mtime: i64) -> io::Result<()> {
        unsupported()
    }

    pub fn errno_name(_code: i32) -> Option<&'static str> {
        None
    }
}

pub(super) use imp::{
    access_by_mode, access_by_path, chown, errno_name, fields, is_device, path_bytes,
    path_from_bytes, read_at, set_mode, set_times, symlink, sync_writes, write_all_at,
};
