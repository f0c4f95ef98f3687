//! Programs of several modules: calls, tail calls and returns across modules, modules loaded on
//! demand from the code path, and `undef` for a module that cannot be found. Results are
//! compared with `erl`.

use std::path::{Path, PathBuf};
use std::process::Command;

fn source(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/erl_multi")
        .join(name)
}

fn beamwasm(mode: &str, args: &[&Path]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_beamwasm"))
        .args(["run", "--mode", mode])
        .args(args)
        .output()
        .expect("run beamwasm")
}

fn erl_result(dir: &Path, module: &str) -> String {
    let out = Command::new("erl")
        .args(["-noshell", "-pa"])
        .arg(dir)
        .args([
            "-eval",
            &format!("io:format(\"~w~n\", [{module}:main()]), halt()."),
        ])
        .output()
        .expect("erl (run scripts/test, which installs Erlang)");
    assert!(
        out.status.success(),
        "erl failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8")
}

#[test]
fn calls_across_modules_match_erl() {
    let dir =
        PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("multi-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    let status = Command::new("erlc")
        .arg("-o")
        .arg(&dir)
        .arg(source("multi_a.erl"))
        .arg(source("multi_b.erl"))
        .status()
        .expect("erlc (run scripts/test, which installs Erlang)");
    assert!(status.success());
    let expected = erl_result(&dir, "multi_a");
    let a = dir.join("multi_a.beam");
    let b = dir.join("multi_b.beam");
    for mode in ["single", "per-label"] {
        let out = beamwasm(mode, &[&a, &b]);
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        assert!(out.status.success(), "{mode}: {stderr}");
        assert_eq!(String::from_utf8_lossy(&out.stdout), expected, "{mode}");

        // Not named, multi_b is loaded from multi_a's directory at its first call, as on erl.
        let out = beamwasm(mode, &[&a]);
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        assert!(out.status.success(), "{mode}: {stderr}");
        assert_eq!(String::from_utf8_lossy(&out.stdout), expected, "{mode}");
    }
    // Where no multi_b can be found, the first call into it raises undef, as on erl.
    std::fs::remove_file(&b).expect("remove multi_b.beam");
    for mode in ["single", "per-label"] {
        let out = beamwasm(mode, &[&a]);
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        assert!(!out.status.success(), "{mode}");
        assert!(
            stderr.contains("beamwasm: exception error: undef"),
            "{mode}: {stderr}"
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}
