//! The compiler's output over the whole OTP corpus, held to a checked-in digest per module and
//! mode (`tests/snapshots/corpus_output.txt`), so a change meant to leave code generation alone
//! shows that it did, and one that changes it shows where. Refresh with `BLESS=1` after an
//! intended change, and review the modules it lists.
//!
//! A line is `<module path> <input digest> <single-function digest> <per-label digest>`; a
//! module whose `.beam` differs from the blessed one (another OTP build) is reported and not
//! compared, and the test fails if no module could be compared.

mod common;

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

use beamwasm::codegen::{compile_module, CompileOptions, Mode};
use sha2::{Digest, Sha256};

const SNAPSHOT: &str = "tests/snapshots/corpus_output.txt";

fn short_digest(bytes: &[u8]) -> String {
    Sha256::digest(bytes)[..8]
        .iter()
        .fold(String::new(), |mut s, b| {
            let _ = write!(s, "{b:02x}");
            s
        })
}

/// The digest of what the loader receives: the WASM bytes and the numbers it is entered by.
fn output_digest(beam: &[u8], mode: Mode) -> String {
    let options = CompileOptions {
        mode,
        ..Default::default()
    };
    match compile_module(beam, &options) {
        Ok(compiled) => {
            let mut bytes = compiled.wasm.clone();
            let tables = format!(
                "{} {:?} {} {}",
                compiled.entry_count,
                compiled.label_functions,
                compiled.literals.len(),
                compiled.trace.sites.len()
            );
            bytes.extend_from_slice(tables.as_bytes());
            short_digest(&bytes)
        }
        Err(_) => "unsupported".to_string(),
    }
}

#[test]
fn otp_corpus_output_matches_the_blessed_digests() {
    let files = common::otp_corpus();
    assert!(
        files.len() >= 785,
        "expected the OTP corpus, found {}",
        files.len()
    );
    let lines: Vec<String> = files
        .iter()
        .map(|path| {
            let beam = std::fs::read(path).expect("reading a corpus module");
            let name = path
                .strip_prefix("/usr/lib/erlang/lib")
                .unwrap_or(path)
                .display()
                .to_string();
            format!(
                "{name} {} {} {}",
                short_digest(&beam),
                output_digest(&beam, Mode::Single),
                output_digest(&beam, Mode::PerLabel)
            )
        })
        .collect();
    let snapshot = Path::new(env!("CARGO_MANIFEST_DIR")).join(SNAPSHOT);
    if std::env::var_os("BLESS").is_some() {
        std::fs::create_dir_all(snapshot.parent().unwrap()).unwrap();
        std::fs::write(&snapshot, lines.join("\n") + "\n").unwrap();
        println!("blessed {} modules into {SNAPSHOT}", lines.len());
        return;
    }
    let blessed = std::fs::read_to_string(&snapshot)
        .unwrap_or_else(|e| panic!("{SNAPSHOT}: {e}; run with BLESS=1 to write it"));
    let blessed: BTreeMap<&str, (&str, &str)> = blessed
        .lines()
        .filter_map(|line| {
            let (name, rest) = line.split_once(' ')?;
            let (input, outputs) = rest.split_once(' ')?;
            Some((name, (input, outputs)))
        })
        .collect();
    let (mut compared, mut other_input, mut changed) = (0, 0, Vec::new());
    for line in &lines {
        let (name, rest) = line.split_once(' ').unwrap();
        let (input, outputs) = rest.split_once(' ').unwrap();
        match blessed.get(name) {
            Some((blessed_input, blessed_outputs)) if *blessed_input == input => {
                compared += 1;
                if *blessed_outputs != outputs {
                    changed.push(format!("{name}: {blessed_outputs} -> {outputs}"));
                }
            }
            _ => other_input += 1,
        }
    }
    println!(
        "corpus output: {compared} modules compared, {} changed, {other_input} not in the \
         snapshot or built differently",
        changed.len()
    );
    assert!(
        compared > 0,
        "no corpus module matches {SNAPSHOT}'s inputs (another OTP build?): re-bless with BLESS=1"
    );
    assert!(
        changed.is_empty(),
        "output changed for {} modules (single-function, per-label digests); if intended, \
         re-bless with BLESS=1:\n{}",
        changed.len(),
        changed.join("\n")
    );
}
