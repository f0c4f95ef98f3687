//! Programs that print: `tests/erl_io/*.erl` run on `erl -noshell` and on beamwasm, whose
//! standard output must be identical byte for byte (what `main/0` prints through OTP's io
//! modules, which beamwasm compiles on demand, then its result as `~w`). Both modes.

use std::path::{Path, PathBuf};
use std::process::Command;

fn programs() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/erl_io");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("tests/erl_io")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "erl"))
        .collect();
    files.sort();
    files
}

#[test]
fn printed_output_matches_erl() {
    let out = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("io-{}", std::process::id()));
    std::fs::create_dir_all(&out).expect("dir");
    let sources = programs();
    assert!(!sources.is_empty());
    let status = Command::new("erlc")
        .arg("-o")
        .arg(&out)
        .args(&sources)
        .status()
        .expect("erlc (run scripts/test, which installs Erlang)");
    assert!(status.success(), "erlc failed");
    let mut failures = Vec::new();
    for source in &sources {
        let module = source.file_stem().and_then(|s| s.to_str()).expect("name");
        let erl = Command::new("erl")
            .args(["-noshell", "-pa"])
            .arg(&out)
            .arg("-eval")
            .arg(format!("io:format(\"~w~n\", [{module}:main()]), halt()."))
            .output()
            .expect("erl");
        for mode in ["single", "per-label"] {
            let ours = Command::new(env!("CARGO_BIN_EXE_beamwasm"))
                .args(["run", "--mode", mode])
                .arg(out.join(format!("{module}.beam")))
                .output()
                .expect("beamwasm");
            if ours.stdout != erl.stdout || !ours.status.success() {
                failures.push(format!(
                    "{module} ({mode}):\n--- erl\n{}--- beamwasm\n{}{}",
                    String::from_utf8_lossy(&erl.stdout),
                    String::from_utf8_lossy(&ours.stdout),
                    String::from_utf8_lossy(&ours.stderr)
                ));
            }
        }
    }
    println!("{} programs compared in both modes", sources.len());
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    let _ = std::fs::remove_dir_all(&out);
}
