//! Cranelift's output on disk: a module compiled once is deserialized by later runs
//! (`VmOptions::cache_dir`), since compiling big OTP modules takes longer than running them.

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::path::Path;

use wasmtime::{Engine, Module};

use crate::runtime::error::RuntimeError;

/// The native code of `wasm`: from the on-disk cache when an earlier run compiled the same
/// bytes with the same engine settings, else compiled by Cranelift (and stored there).
pub(super) fn compile_cached(
    engine: &Engine,
    cache_dir: Option<&Path>,
    wasm: &[u8],
) -> Result<Module, RuntimeError> {
    let Some(dir) = cache_dir else {
        return Ok(Module::new(engine, wasm)?);
    };
    // Two differently keyed hashes and the length name the entry; wasmtime checks the
    // engine's settings and version itself when it reads one back.
    let key = |salt: u64| {
        let mut h = DefaultHasher::new();
        salt.hash(&mut h);
        wasm.hash(&mut h);
        h.finish()
    };
    let name = format!(
        "{:016x}{:016x}-{}-{}.cwasm",
        key(1),
        key(2),
        wasm.len(),
        env!("CARGO_PKG_VERSION")
    );
    let path = dir.join(name);
    if path.is_file() {
        // SAFETY: the file is one this function wrote (`Module::serialize` output) for exactly
        // these bytes; wasmtime rejects artifacts of another version or configuration.
        if let Ok(module) = unsafe { Module::deserialize_file(engine, &path) } {
            return Ok(module);
        }
    }
    let module = Module::new(engine, wasm)?;
    if let Ok(bytes) = module.serialize() {
        // Write then rename, so a reader never sees half a file.
        if std::fs::create_dir_all(dir).is_ok() {
            let temporary = path.with_extension(format!("tmp{}", std::process::id()));
            if std::fs::write(&temporary, bytes).is_ok() {
                let _ = std::fs::rename(&temporary, &path);
            }
        }
    }
    Ok(module)
}
