//! The code path: the directories searched for `<module>.beam` when code calls a module that
//! is not loaded (by default OTP's own `ebin` directories, those of `ERL_LIBS` and Elixir's),
//! and what `code:add_path/1`, `del_path/1`, `lib_dir/1`, `which/1` and the others do with it,
//! as OTP's `code_server` does (paths are text: Erlang strings of Unicode characters).

use std::path::{Path, PathBuf};

/// Where to look for `<module>.beam`, in order, and the OTP installation's root.
#[derive(Clone, Debug, Default)]
pub struct CodePath {
    pub dirs: Vec<PathBuf>,
    /// `code:root_dir()`: the OTP installation (`None` when none was found).
    pub root: Option<PathBuf>,
}

/// Why `add_path` refused a directory (`{error, bad_directory}`).
#[derive(Debug, PartialEq, Eq)]
pub struct BadDirectory;

impl CodePath {
    /// A code path of `dirs` for the OTP installation `erl` belongs to.
    pub fn new(dirs: Vec<PathBuf>) -> CodePath {
        CodePath {
            dirs,
            root: otp_root(),
        }
    }

    /// The default code path after a program's own directories, in OTP's order: kernel and
    /// stdlib, the applications of each `ERL_LIBS` directory, the rest of OTP, then Elixir's
    /// applications when Elixir is installed.
    pub fn default_dirs() -> Vec<PathBuf> {
        let (first, rest): (Vec<PathBuf>, Vec<PathBuf>) = Self::otp()
            .into_iter()
            .partition(|d| matches!(app_name(d).as_deref(), Some("kernel") | Some("stdlib")));
        let mut dirs: Vec<PathBuf> = Vec::new();
        for dir in first
            .into_iter()
            .chain(erl_libs())
            .chain(rest)
            .chain(Self::elixir())
        {
            if !dirs.contains(&dir) {
                dirs.push(dir);
            }
        }
        dirs
    }

    /// The `ebin` directories of the OTP installation `erl` belongs to (found through the
    /// `erl` on `PATH`, or the usual install locations), in OTP's order: kernel, stdlib, then
    /// the others in reverse alphabetical order (as `erl`'s `code:get_path()`).
    pub fn otp() -> Vec<PathBuf> {
        let Some(root) = otp_root() else {
            return Vec::new();
        };
        let mut ebins = applications(&root.join("lib"));
        // stdlib and kernel first: `erl` starts with them, and they are what programs call
        // most.
        ebins.sort_by_key(|p| match app_name(p).as_deref() {
            Some("kernel") => 0,
            Some("stdlib") => 1,
            _ => 2,
        });
        ebins
    }

    /// The `ebin` directories of the Elixir installation the `elixir` on `PATH` belongs to
    /// (Debian's: `/usr/lib/elixir/lib/*/ebin`), alphabetically; none without Elixir.
    pub fn elixir() -> Vec<PathBuf> {
        let mut libs = Vec::new();
        for real in executables_on_path("elixir") {
            // .../elixir/bin/elixir -> .../elixir/lib
            if let Some(home) = real.parent().and_then(Path::parent) {
                libs.push(home.join("lib"));
            }
        }
        libs.push(PathBuf::from("/usr/lib/elixir/lib"));
        libs.push(PathBuf::from("/usr/local/lib/elixir/lib"));
        for lib in libs {
            // Elixir's own `lib` holds `elixir/ebin/elixir.app`: not any directory of ebins.
            if !lib.join("elixir/ebin/elixir.app").is_file() {
                continue;
            }
            let mut ebins = applications(&lib);
            ebins.reverse();
            return ebins;
        }
        Vec::new()
    }

    pub(super) fn find(&self, module: &str) -> Option<PathBuf> {
        let file = format!("{module}.beam");
        self.dirs
            .iter()
            .map(|d| d.join(&file))
            .find(|p| p.is_file())
            .or_else(|| self.preloaded(module))
    }

    /// A preloaded module whose NIFs the runtime implements (`runtime::files`), from erts's
    /// `ebin`: `erl` has it built in, so it is on no code path (and `erlang.beam`, beside it,
    /// must stay off: the catalog is the `erlang` module here).
    fn preloaded(&self, module: &str) -> Option<PathBuf> {
        const PRELOADED: [&str; 2] = ["prim_file", "prim_buffer"];
        if !PRELOADED.contains(&module) {
            return None;
        }
        let lib = self.root.as_ref()?.join("lib");
        std::fs::read_dir(lib)
            .ok()?
            .flatten()
            .filter(|e| e.file_name().to_string_lossy().starts_with("erts-"))
            .map(|e| e.path().join("ebin").join(format!("{module}.beam")))
            .find(|p| p.is_file())
    }

    /// The directories as text, as `code:get_path()` gives them.
    pub fn texts(&self) -> Vec<String> {
        self.dirs.iter().map(|d| path_text(d)).collect()
    }

    /// `code:add_patha/1` (`first`) or `add_pathz/1`: `dir` normalized (as
    /// `filename:join([Dir])`), which must be a directory. At the front it moves an existing
    /// entry; at the back an existing entry stays where it is.
    pub fn add(&mut self, dir: &str, first: bool) -> Result<(), BadDirectory> {
        let dir = normalize(dir);
        if !Path::new(&dir).is_dir() {
            return Err(BadDirectory);
        }
        let dir = PathBuf::from(dir);
        if first {
            self.dirs.retain(|d| *d != dir);
            self.dirs.insert(0, dir);
        } else if !self.dirs.contains(&dir) {
            self.dirs.push(dir);
        }
        Ok(())
    }

    /// `code:del_path/1` of a normalized name: removes the first directory that is either
    /// named `name` (`.../name[-vsn][/ebin]`) or is `name`; whether one was.
    pub fn delete(&mut self, name: &str) -> bool {
        let found = self.dirs.iter().position(|d| {
            let text = path_text(d);
            get_name(&text) == name || text == name
        });
        match found {
            Some(i) => {
                self.dirs.remove(i);
                true
            }
            None => false,
        }
    }

    /// `code:lib_dir(Name)`: the directory of the first application on the path called
    /// `name` (its `ebin` directory's parent), as OTP's name table gives it.
    pub fn lib_dir(&self, name: &str) -> Option<String> {
        let found = self.dirs.iter().find_map(|d| {
            let text = path_text(d);
            let (app, dir) = name_and_app_dir(&text);
            (app == name).then_some(dir)
        });
        found.or_else(|| {
            // OTP adds erts from the root when no erts directory is on the path.
            let erts = self.root.as_ref()?.join("erts");
            (name == "erts" && erts.exists()).then(|| path_text(&erts))
        })
    }

    /// `code:where_is_file/1`: `Dir/file` for the first directory that holds an entry named
    /// `file` (a name, never a path: OTP looks it up in each directory's listing).
    pub fn where_is_file(&self, file: &str) -> Option<String> {
        if file.is_empty() || file == "." || file == ".." || file.contains('/') {
            return None;
        }
        self.dirs
            .iter()
            .find(|d| std::fs::symlink_metadata(d.join(file)).is_ok())
            .map(|d| format!("{}/{file}", path_text(d)))
    }
}

/// A path as the Unicode text Erlang sees.
pub fn path_text(path: &Path) -> String {
    path.to_string_lossy().into_owned()
}

/// `filename:join([Name])` on Unix: repeated separators and `.` components followed by a
/// separator go, and so does a trailing separator (unless the name is `/`).
pub fn normalize(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.chars() {
        if c == '/' {
            if out.ends_with("/.") {
                out.pop();
                continue;
            }
            if out.ends_with('/') {
                continue;
            }
        }
        out.push(c);
    }
    if out.len() > 1 && out.ends_with('/') {
        out.pop();
    }
    out
}

/// OTP's `code_server:get_name/1`: the application a directory belongs to — the component
/// before a final `ebin`, else the last component — without its `-vsn`.
pub fn get_name(dir: &str) -> String {
    let parts = split(dir);
    let component: &str = match parts.as_slice() {
        [.., app, last] if *last == "ebin" => app,
        [.., last] => last,
        [] => "",
    };
    component.split('-').next().unwrap_or("").to_string()
}

/// `filename:split/1` on Unix: `/` first for an absolute name, then the components.
fn split(name: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    if name.starts_with('/') {
        parts.push("/");
    }
    parts.extend(name.split('/').filter(|p| !p.is_empty()));
    parts
}

/// The name and the application directory OTP's name table records for a code path entry
/// (`code_server:insert_dir/2`): `.../app-vsn/ebin` is `app` in `.../app-vsn`.
fn name_and_app_dir(dir: &str) -> (String, String) {
    let parts = split(dir);
    let mut name = get_name(dir);
    if name == "ebin" || name == "." {
        name = get_name(&absolute(dir));
    }
    // `code_server:del_ebin/1`: a final `ebin` goes (a relative `app/ebin` is made absolute
    // first, so that the application directory has a parent).
    let app_dir = match parts.as_slice() {
        [.., last] if *last == "ebin" && parts.len() >= 3 => join(&parts[..parts.len() - 1]),
        [.., last] if *last == "ebin" && parts[0] != "/" => {
            let abs = absolute(dir);
            let abs_parts = split(&abs);
            join(&abs_parts[..abs_parts.len().saturating_sub(1)])
        }
        _ => join(&parts),
    };
    (name, app_dir)
}

fn join(parts: &[&str]) -> String {
    match parts {
        ["/", rest @ ..] => format!("/{}", rest.join("/")),
        _ => parts.join("/"),
    }
}

/// `dir` made absolute against the working directory (without resolving links).
fn absolute(dir: &str) -> String {
    match std::path::absolute(dir) {
        Ok(path) => normalize(&path_text(&path)),
        Err(_) => dir.to_string(),
    }
}

/// `.../app-vsn/ebin` -> `app`.
fn app_name(ebin: &Path) -> Option<String> {
    let dir = ebin.parent()?.file_name()?.to_str()?;
    Some(dir.split('-').next().unwrap_or(dir).to_string())
}

/// The `*/ebin` directories of a library directory, one per application (its highest
/// version), in reverse alphabetical order as OTP builds its path.
fn applications(lib: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(lib) else {
        return Vec::new();
    };
    let mut ebins: Vec<PathBuf> = entries
        .flatten()
        .map(|e| e.path().join("ebin"))
        .filter(|p| p.is_dir())
        .collect();
    ebins.sort_by(|a, b| {
        app_name(b)
            .cmp(&app_name(a))
            .then_with(|| version(b).cmp(&version(a)))
    });
    ebins.dedup_by(|later, kept| app_name(later) == app_name(kept));
    ebins
}

/// The numeric version of `.../app-1.2.3/ebin`, for choosing the highest.
fn version(ebin: &Path) -> Vec<u64> {
    let dir = ebin
        .parent()
        .and_then(Path::file_name)
        .and_then(|n| n.to_str())
        .unwrap_or("");
    dir.split_once('-')
        .map(|(_, v)| v.split('.').map(|n| n.parse().unwrap_or(0)).collect())
        .unwrap_or_default()
}

/// The applications of the `ERL_LIBS` directories (colon-separated), each directory's in
/// OTP's order.
fn erl_libs() -> Vec<PathBuf> {
    let Some(libs) = std::env::var_os("ERL_LIBS") else {
        return Vec::new();
    };
    std::env::split_paths(&libs)
        .filter(|d| !d.as_os_str().is_empty())
        .flat_map(|d| applications(&d))
        .collect()
}

/// Where each `name` on `PATH` really is (links resolved).
fn executables_on_path(name: &str) -> Vec<PathBuf> {
    let Some(path) = std::env::var_os("PATH") else {
        return Vec::new();
    };
    std::env::split_paths(&path)
        .filter_map(|dir| std::fs::canonicalize(dir.join(name)).ok())
        .collect()
}

/// The root of the OTP installation `erl` belongs to (found through the `erl` on `PATH`, or
/// the usual install locations): the directory whose `lib` holds the applications.
pub fn otp_root() -> Option<PathBuf> {
    let mut roots = Vec::new();
    for real in executables_on_path("erl") {
        // .../lib/erlang/bin/erl (or .../erts-V/bin/erl) -> .../lib/erlang
        roots.extend(real.ancestors().skip(1).take(3).map(Path::to_path_buf));
    }
    roots.push(PathBuf::from("/usr/lib/erlang"));
    roots.push(PathBuf::from("/usr/local/lib/erlang"));
    roots.into_iter().find(|root| {
        std::fs::read_dir(root.join("lib"))
            .map(|entries| entries.flatten().any(|e| e.path().join("ebin").is_dir()))
            .unwrap_or(false)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalize_is_filename_join_of_one_name() {
        // What `filename:join([X])` gives on OTP 25.
        let cases = [
            ("/tmp//x/", "/tmp/x"),
            ("a/./b", "a/b"),
            ("./a", "./a"),
            ("a/../b", "a/../b"),
            ("", ""),
            ("/", "/"),
            ("a/.", "a/."),
            (".", "."),
            ("./.", "./."),
            ("//", "/"),
            ("a//b/./c/", "a/b/c"),
            ("/./a", "/a"),
        ];
        for (input, want) in cases {
            assert_eq!(normalize(input), want, "{input:?}");
        }
    }

    #[test]
    fn names_are_code_servers() {
        assert_eq!(get_name("/usr/lib/erlang/lib/stdlib-4.2/ebin"), "stdlib");
        assert_eq!(get_name("/tmp"), "tmp");
        assert_eq!(get_name("/usr/lib/x-1/priv"), "priv");
        assert_eq!(get_name("/"), "/");
        assert_eq!(get_name("ebin"), "ebin");
    }

    #[test]
    fn app_dirs_drop_ebin() {
        assert_eq!(
            name_and_app_dir("/usr/lib/erlang/lib/stdlib-4.2/ebin"),
            (
                "stdlib".to_string(),
                "/usr/lib/erlang/lib/stdlib-4.2".to_string()
            )
        );
        assert_eq!(
            name_and_app_dir("/tmp"),
            ("tmp".to_string(), "/tmp".to_string())
        );
        assert_eq!(
            name_and_app_dir("/x/ebin"),
            ("x".to_string(), "/x".to_string())
        );
    }
}
