//! The sandbox every file operation goes through: a path is made absolute against the VM's own
//! working directory, its existing prefix is canonicalized (so `..` and symbolic links are
//! resolved as the OS would), and the result must lie under a directory the user granted. A
//! path outside every grant gets `eacces` (what a real OS says to a forbidden path), and the
//! host is never touched for it.

use std::ffi::OsStr;
use std::path::{Component, Path, PathBuf};

/// Whether an operation acts on a symbolic link itself (delete, rename, `read_link`, the
/// link `make_symlink` creates) or on what it points to (open, read, `read_file_info`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Links {
    Follow,
    NoFollow,
}

/// What the user granted: directories (canonical) and whether commands may run.
#[derive(Clone, Debug, Default)]
pub struct Sandbox {
    grants: Vec<PathBuf>,
    pub allow_cmd: bool,
    /// The VM's working directory (`file:get_cwd/0`, `set_cwd/1`); the host process's own is
    /// never changed, so an embedding program keeps its own.
    pub cwd: PathBuf,
}

impl Sandbox {
    /// A sandbox granting `dirs` (those that exist; each canonicalized) and, with
    /// `allow_cmd`, commands; its working directory is the host process's.
    pub fn new(dirs: &[PathBuf], allow_cmd: bool) -> Sandbox {
        let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("/"));
        let grants = dirs
            .iter()
            .filter_map(|d| std::fs::canonicalize(cwd.join(d)).ok())
            .collect();
        Sandbox {
            grants,
            allow_cmd,
            cwd,
        }
    }

    /// The host path for `name` (a native file name, without its terminating NUL), or the
    /// POSIX error the operation gets: `eacces` outside the grants.
    pub fn resolve(&self, name: &[u8], links: Links) -> Result<PathBuf, &'static str> {
        if name.is_empty() {
            return Err("enoent");
        }
        let absolute = self.cwd.join(super::host_os::path_from_bytes(name));
        // A trailing slash makes the OS resolve the last component (a link included) and
        // insist on a directory: the slash stays on, and what it resolves to is checked too.
        let trailing_slash = name.ends_with(b"/") && last_name(&absolute).is_some();
        let followed =
            (links == Links::Follow || trailing_slash).then(|| existing_prefix_resolved(&absolute));
        let mut resolved = match (links, last_name(&absolute), &followed) {
            (Links::Follow, _, Some(followed)) => followed.clone(),
            (_, Some(last), _) => {
                let parent = absolute.parent().unwrap_or(Path::new("/"));
                existing_prefix_resolved(parent).join(last)
            }
            _ => existing_prefix_resolved(&absolute),
        };
        let granted = |path: &Path| {
            let normal = lexically_normal(path);
            self.grants.iter().any(|g| normal.starts_with(g))
        };
        if !granted(&resolved) || followed.as_deref().is_some_and(|f| !granted(f)) {
            return Err("eacces");
        }
        if trailing_slash {
            let mut with_slash = resolved.into_os_string();
            with_slash.push("/");
            resolved = PathBuf::from(with_slash);
        }
        Ok(resolved)
    }
}

/// The final component when it names an entry (not `.`, `..` or the root).
fn last_name(path: &Path) -> Option<&OsStr> {
    match path.components().next_back()? {
        Component::Normal(name) => Some(name),
        _ => None,
    }
}

/// `path` with its longest existing prefix canonicalized (links and `..` resolved by the OS)
/// and the rest, which does not exist, appended as written.
fn existing_prefix_resolved(path: &Path) -> PathBuf {
    let components: Vec<Component<'_>> = path.components().collect();
    for keep in (1..=components.len()).rev() {
        let prefix: PathBuf = components[..keep].iter().collect();
        if let Ok(canonical) = std::fs::canonicalize(&prefix) {
            let mut out = canonical;
            out.extend(&components[keep..]);
            return out;
        }
    }
    path.to_path_buf()
}

/// `path` with `.` dropped and `..` taking off the component before it: what the sandbox
/// compares with the grants (the part that does not exist cannot hold links).
fn lexically_normal(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::ffi::OsStrExt;

    fn sandbox_in(dir: &Path) -> Sandbox {
        let mut sandbox = Sandbox::new(&[dir.to_path_buf()], false);
        sandbox.cwd = std::fs::canonicalize(dir).unwrap();
        sandbox
    }

    #[test]
    fn paths_resolve_inside_the_grant_and_nowhere_else() {
        let root = std::env::temp_dir().join(format!("beamwasm-sandbox-{}", std::process::id()));
        let granted = root.join("granted");
        std::fs::create_dir_all(granted.join("sub")).unwrap();
        std::fs::write(root.join("secret"), b"x").unwrap();
        std::os::unix::fs::symlink(root.join("secret"), granted.join("link")).unwrap();
        let sandbox = sandbox_in(&granted);
        let follow = |p: &str| sandbox.resolve(p.as_bytes(), Links::Follow);
        assert!(follow("sub").is_ok());
        assert!(follow("new_file").is_ok());
        assert!(follow("sub/../new").is_ok());
        assert_eq!(follow("../secret"), Err("eacces"));
        assert_eq!(follow("sub/../../secret"), Err("eacces"));
        assert_eq!(follow("missing/../../secret"), Err("eacces"));
        assert_eq!(follow("/etc/passwd"), Err("eacces"));
        // A link out of the grant: following it is refused; the link itself may be removed.
        assert_eq!(follow("link"), Err("eacces"));
        assert_eq!(
            sandbox.resolve(b"link", Links::NoFollow),
            Ok(std::fs::canonicalize(&granted).unwrap().join("link"))
        );
        // A trailing slash resolves the link even for operations on links themselves.
        assert_eq!(sandbox.resolve(b"link/", Links::NoFollow), Err("eacces"));
        let sub = sandbox.resolve(b"sub/", Links::NoFollow).unwrap();
        assert!(sub.as_os_str().as_bytes().ends_with(b"/sub/"));
        assert_eq!(
            Sandbox::default().resolve(b"/tmp", Links::Follow),
            Err("eacces")
        );
        std::fs::remove_dir_all(&root).unwrap();
    }
}
