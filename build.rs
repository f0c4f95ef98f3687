//! Compiles beamwasm's own Erlang code (the io server, the runner of Elixir programs and the
//! boot of programs that use applications,
//! `src/runtime/erl/`) with `erlc`, so the runtime can embed the `.beam` files. Without `erlc` the files are left empty and the runtime
//! reports io requests as unsupported, naming why.
//!
//! It also sets `cfg(has_engine)` when the build has an engine to run generated code on (the
//! feature `wasmtime`), so the crate can say what depends on one without naming it.

use std::path::PathBuf;
use std::process::Command;

fn main() {
    println!("cargo::rustc-check-cfg=cfg(has_engine)");
    if std::env::var_os("CARGO_FEATURE_WASMTIME").is_some() {
        println!("cargo::rustc-cfg=has_engine");
    }
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("OUT_DIR"));
    let modules = ["beamwasm_io", "beamwasm_elixir", "beamwasm_boot"];
    for module in modules.iter() {
        let source = PathBuf::from(format!("src/runtime/erl/{module}.erl"));
        let beam = out.join(format!("{module}.beam"));
        let compiled = Command::new("erlc")
            .arg("-o")
            .arg(&out)
            .arg(&source)
            .status()
            .is_ok_and(|s| s.success());
        if compiled {
            println!("cargo:rerun-if-changed={}", source.display());
        } else {
            println!(
                "cargo:warning=erlc could not compile {}: io will be unavailable",
                source.display()
            );
            std::fs::write(&beam, b"").expect("write an empty placeholder");
            // A path that does not exist makes cargo run this script again on the next build,
            // so installing Erlang later is enough.
            println!("cargo:rerun-if-changed=erlc-was-missing");
        }
    }
}
