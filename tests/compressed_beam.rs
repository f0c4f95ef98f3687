//! Gzip-compressed `.beam` files (`erlc +compressed`, which OTP's loader and `beam_lib`
//! accept): they read as the same module as the plain build, compile to the same output, and
//! run as on `erl`; broken or hostile compressed files are clear errors.

mod common;

use std::path::PathBuf;
use std::process::Command;
use std::time::Duration;

use beamwasm::beam::{self, BeamError};
use beamwasm::codegen::{compile_module, CompileOptions};

/// `tests/erl/ackermann.erl` built plain and compressed, in fresh directories under `name`.
fn builds(name: &str) -> (PathBuf, Vec<u8>, Vec<u8>) {
    let root = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("compressed-beam-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    let (plain, compressed) = (root.join("plain"), root.join("compressed"));
    std::fs::create_dir_all(&plain).unwrap();
    std::fs::create_dir_all(&compressed).unwrap();
    let source = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/erl/ackermann.erl");
    std::fs::copy(&source, plain.join("ackermann.erl")).unwrap();
    std::fs::copy(&source, compressed.join("ackermann.erl")).unwrap();
    common::erlc(&plain, ["ackermann.erl"]);
    let out = common::run_erlang_tool(Command::new("erlc").current_dir(&compressed).args([
        "+compressed",
        "-o",
        ".",
        "ackermann.erl",
    ]));
    assert!(out.status.success(), "erlc +compressed failed: {out:?}");
    let read = |dir: &PathBuf| std::fs::read(dir.join("ackermann.beam")).unwrap();
    (
        compressed.join("ackermann.beam"),
        read(&plain),
        read(&compressed),
    )
}

#[test]
fn a_compressed_beam_is_the_same_module_and_runs() {
    let (compressed_path, plain, compressed) = builds("same");
    assert!(
        compressed.starts_with(&[0x1f, 0x8b]),
        "erlc +compressed writes gzip"
    );
    assert_ne!(plain, compressed);
    let (a, b) = (
        beam::read(&plain).unwrap(),
        beam::read(&compressed).unwrap(),
    );
    // The same module; only the compile info differs (its options and source path).
    let module = |m: &beam::BeamModule| {
        format!(
            "{:?}",
            (&m.atoms, &m.imports, &m.exports, &m.literals, &m.functions)
        )
    };
    assert_eq!(module(&a), module(&b));
    let options = CompileOptions::default();
    assert_eq!(
        compile_module(&plain, &options).unwrap().wasm,
        compile_module(&compressed, &options).unwrap().wasm
    );
    let dir = compressed_path.parent().unwrap();
    let expected = common::erl_outcomes(dir, &["ackermann".to_string()]);
    let outcome = common::run_beamwasm(&compressed_path, &[], Duration::from_secs(60));
    assert_eq!(outcome, expected[0]);
}

#[test]
fn broken_compressed_beams_are_clear_errors() {
    let (_, _, compressed) = builds("broken");
    let is_gzip_error = |bytes: &[u8]| matches!(beam::read(bytes), Err(BeamError::BadGzip { .. }));
    // Truncated anywhere, including inside the trailer.
    for cut in [2, 10, compressed.len() / 2, compressed.len() - 1] {
        assert!(is_gzip_error(&compressed[..cut]), "cut at {cut}");
    }
    // A trailer that declares more than the data could ever inflate to (a bomb's shape).
    let mut bomb = compressed.clone();
    let n = bomb.len();
    bomb[n - 4..].copy_from_slice(&u32::MAX.to_le_bytes());
    assert!(is_gzip_error(&bomb));
    // A trailer that declares less than the data inflates to.
    let mut short = compressed.clone();
    short[n - 4..].copy_from_slice(&10u32.to_le_bytes());
    assert!(is_gzip_error(&short));
    // A corrupted body.
    let mut corrupt = compressed;
    corrupt[n / 2] ^= 0xFF;
    assert!(beam::read(&corrupt).is_err());
}
