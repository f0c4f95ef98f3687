//! Every module the differential programs compile to is valid WASM for independent tools too:
//! wabt's `wasm-validate` and V8 (`new WebAssembly.Module` in Node). wasmparser already checks
//! each module inside `compile_module`.

use std::path::{Path, PathBuf};
use std::process::Command;

fn require(tool: &str) {
    let found = Command::new("sh")
        .arg("-c")
        .arg(format!("command -v {tool}"))
        .output()
        .is_ok_and(|o| o.status.success());
    assert!(
        found,
        "`{tool}` is required: run scripts/test, which installs it"
    );
}

fn compile_programs(out: &Path) -> Vec<PathBuf> {
    let sources: Vec<PathBuf> =
        std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/erl"))
            .expect("tests/erl")
            .map(|e| e.expect("dir entry").path())
            .filter(|p| p.extension().is_some_and(|e| e == "erl"))
            .collect();
    let beams = out.join("beam");
    std::fs::create_dir_all(&beams).expect("beam dir");
    let status = Command::new("erlc")
        .arg("-o")
        .arg(&beams)
        .args(&sources)
        .status()
        .expect("erlc");
    assert!(status.success(), "erlc failed");
    let beam_files: Vec<PathBuf> = sources
        .iter()
        .map(|s| {
            beams
                .join(s.file_stem().expect("name"))
                .with_extension("beam")
        })
        .collect();
    let wasm_dir = out.join("wasm");
    let modes: [&[&str]; 3] = [&[], &["--gc-stress"], &["--mode", "per-label"]];
    for (i, flags) in modes.iter().enumerate() {
        let status = Command::new(env!("CARGO_BIN_EXE_beamwasm"))
            .arg("compile")
            .args(*flags)
            .arg("-o")
            .arg(wasm_dir.join(i.to_string()))
            .args(&beam_files)
            .status()
            .expect("beamwasm compile");
        assert!(status.success(), "beamwasm compile {flags:?} failed");
    }
    let mut wasm: Vec<PathBuf> = Vec::new();
    for sub in ["0", "1", "2"] {
        for entry in std::fs::read_dir(wasm_dir.join(sub)).expect("wasm dir") {
            wasm.push(entry.expect("entry").path());
        }
    }
    wasm.sort();
    assert_eq!(
        wasm.len(),
        3 * sources.len(),
        "one module per program and mode"
    );
    wasm
}

#[test]
fn emitted_modules_validate_in_wabt_and_v8() {
    require("erlc");
    require("wasm-validate");
    require("node");
    let out =
        PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("emitted-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&out);
    let wasm = compile_programs(&out);

    let (failures, v8_report) = check_with_wabt_and_v8(&wasm);
    println!(
        "emitted modules: {} checked by wasm-validate, {}",
        wasm.len(),
        v8_report.trim()
    );
    assert!(
        failures.is_empty(),
        "invalid modules:\n{}",
        failures.join("\n")
    );
    let _ = std::fs::remove_dir_all(&out);
}

/// Runs `wasm-validate` on each file and compiles all of them in one Node (V8) process: the
/// failures, and V8's summary line.
fn check_with_wabt_and_v8(wasm: &[PathBuf]) -> (Vec<String>, String) {
    let mut failures = Vec::new();
    for file in wasm {
        let result = Command::new("wasm-validate")
            .arg("--enable-tail-call")
            .arg(file)
            .output()
            .expect("wasm-validate");
        if !result.status.success() {
            failures.push(format!(
                "wasm-validate {}: {}",
                file.display(),
                String::from_utf8_lossy(&result.stderr)
            ));
        }
    }
    // One Node process compiles every module with V8.
    let script = "const fs = require('fs'); let bad = 0; \
        for (const f of process.argv.slice(1)) { \
          try { new WebAssembly.Module(fs.readFileSync(f)); } \
          catch (e) { bad++; console.log(f + ': ' + e.message); } } \
        console.log('v8 compiled ' + (process.argv.length - 1 - bad) + '/' + (process.argv.length - 1)); \
        process.exit(bad ? 1 : 0);";
    let v8 = Command::new("node")
        .arg("-e")
        .arg(script)
        .args(wasm)
        .output()
        .expect("node");
    let v8_report = String::from_utf8_lossy(&v8.stdout).into_owned();
    if !v8.status.success() {
        failures.push(format!("V8: {v8_report}"));
    }
    (failures, v8_report)
}

/// Every module of OTP 25, of the Debian-packaged Erlang libraries beside it (built by other
/// compilers: OTP 21-24's construction sequences) and of Elixir's standard library compiles,
/// in both modes, and is valid for wabt and V8 too (wasmparser checks each inside
/// `compile_module`).
#[test]
fn otp_elixir_and_library_modules_compile_and_validate_in_wabt_and_v8() {
    require("wasm-validate");
    require("node");
    let lib = Path::new("/usr/lib/erlang/lib");
    let elixir = Path::new("/usr/lib/elixir/lib");
    assert!(
        lib.is_dir() && elixir.is_dir(),
        "OTP and Elixir are required: run scripts/test, which installs them"
    );
    for library in [
        "bbmustache",
        "cowlib",
        "getopt",
        "neotoma",
        "bear",
        "uuid",
        "erlware_commons",
    ] {
        let found = std::fs::read_dir(lib).expect("OTP lib").flatten().any(|e| {
            e.file_name()
                .to_string_lossy()
                .starts_with(&format!("{library}-"))
        });
        assert!(
            found,
            "{library} is required: run scripts/test, which installs it"
        );
    }
    for mode in ["single", "per-label"] {
        let out = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
            .join(format!("otp-emitted-{mode}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&out);
        let summary = Command::new(env!("CARGO_BIN_EXE_beamwasm"))
            .args(["compile", "--mode", mode])
            .arg(lib)
            .arg(elixir)
            .arg("-o")
            .arg(&out)
            .output()
            .expect("beamwasm compile");
        let text = String::from_utf8_lossy(&summary.stdout).into_owned();
        let compiled_line = text.lines().next().unwrap_or_default().to_string();
        let wasm: Vec<PathBuf> = std::fs::read_dir(&out)
            .expect("output directory")
            .map(|e| e.expect("dir entry").path())
            .filter(|p| p.extension().is_some_and(|e| e == "wasm"))
            .collect();
        assert!(
            compiled_line.contains("(0 failed)") && wasm.len() > 1600,
            "{mode}: not every module compiled ({} written): {text}",
            wasm.len()
        );
        let (failures, v8_report) = check_with_wabt_and_v8(&wasm);
        println!(
            "{mode}: {compiled_line}; wasm-validate checked {}, {}",
            wasm.len(),
            v8_report.trim()
        );
        assert!(
            failures.is_empty(),
            "{mode}: invalid modules:\n{}",
            failures.join("\n")
        );
        let _ = std::fs::remove_dir_all(&out);
    }
}
