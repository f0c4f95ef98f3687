//! `beamwasm compile` over a directory: compiles what it can, writes `.wasm` files, and sums up
//! the failures by reason, naming what is unsupported.

use std::path::PathBuf;
use std::process::Command;

#[test]
fn compiles_a_directory_and_sums_up_failures() {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("cli-compile-{}", std::process::id()));
    let src = dir.join("src/nested");
    // A directory left by an earlier run whose process had the same id would add files.
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&src).expect("dir");
    std::fs::write(
        src.join("good.erl"),
        "-module(good).\n-export([f/1]).\nf(X) -> X + 1.\n",
    )
    .expect("write");
    // Relative to the directory: erlc mangles absolute paths that share a text prefix with
    // its working directory.
    let status = Command::new("erlc")
        .current_dir(&src)
        .arg("-o")
        .arg(".")
        .arg("good.erl")
        .status()
        .expect("erlc (run scripts/test, which installs Erlang)");
    assert!(status.success());
    // Every opcode OTP 25 emits is lowered, so the failure is a truncated file.
    let good = std::fs::read(src.join("good.beam")).expect("good.beam");
    std::fs::write(src.join("broken.beam"), &good[..60]).expect("write");

    let out_dir = dir.join("out");
    let out = Command::new(env!("CARGO_BIN_EXE_beamwasm"))
        .arg("compile")
        .arg(dir.join("src"))
        .arg("-o")
        .arg(&out_dir)
        .output()
        .expect("beamwasm");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        !out.status.success(),
        "a failed module makes the exit status non-zero"
    );
    assert!(
        stdout.contains("compiled 1/2 modules (1 failed)"),
        "{stdout}"
    );
    assert!(stdout.contains("1  unreadable .beam file"), "{stdout}");
    assert!(out_dir.join("good.wasm").is_file());
    assert!(!out_dir.join("broken.wasm").exists());
    let _ = std::fs::remove_dir_all(&dir);
}
