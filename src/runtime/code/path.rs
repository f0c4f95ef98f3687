//! The code path: the directories searched for `<module>.beam` when code calls a module that
//! is not loaded (OTP's own `ebin` directories by default).

use std::path::PathBuf;

/// Where to look for `<module>.beam`, in order.
#[derive(Clone, Debug, Default)]
pub struct CodePath {
    pub dirs: Vec<PathBuf>,
}

impl CodePath {
    /// The `ebin` directories of the OTP installation `erl` belongs to (found through the
    /// `erl` on `PATH`, or the usual install locations), in application order.
    pub fn otp() -> Vec<PathBuf> {
        let mut roots = Vec::new();
        if let Ok(path) = std::env::var("PATH") {
            for dir in std::env::split_paths(&path) {
                let erl = dir.join("erl");
                if let Ok(real) = std::fs::canonicalize(&erl) {
                    // .../lib/erlang/bin/erl (or .../erts-V/bin/erl) -> .../lib/erlang/lib
                    for ancestor in real.ancestors().skip(1).take(3) {
                        roots.push(ancestor.join("lib"));
                    }
                }
            }
        }
        roots.push(PathBuf::from("/usr/lib/erlang/lib"));
        roots.push(PathBuf::from("/usr/local/lib/erlang/lib"));
        for root in roots {
            let Ok(entries) = std::fs::read_dir(&root) else {
                continue;
            };
            let mut ebins: Vec<PathBuf> = entries
                .flatten()
                .map(|e| e.path().join("ebin"))
                .filter(|p| p.is_dir())
                .collect();
            if ebins.is_empty() {
                continue;
            }
            ebins.sort();
            // stdlib and kernel first: they are what programs call most.
            ebins.sort_by_key(|p| {
                let name = p
                    .parent()
                    .and_then(|a| a.file_name())
                    .and_then(|n| n.to_str())
                    .unwrap_or("");
                !(name.starts_with("stdlib-") || name.starts_with("kernel-"))
            });
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
    }
}
