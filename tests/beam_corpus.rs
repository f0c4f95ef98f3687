//! Differential test: for every OTP `.beam` file installed on the machine, the per-function
//! generic opcode sequences decoded by `beamwasm::beam` must equal those of OTP's own
//! `beam_disasm` (run once, through `tests/tools/beam_disasm_dump.escript`).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

const ERLANG_LIB: &str = "/usr/lib/erlang/lib";

fn corpus_files() -> Vec<PathBuf> {
    let mut files = Vec::new();
    let Ok(applications) = std::fs::read_dir(ERLANG_LIB) else {
        return files;
    };
    for application in applications.flatten() {
        let Ok(entries) = std::fs::read_dir(application.path().join("ebin")) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.extension().is_some_and(|ext| ext == "beam") {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

/// (arity, name, opcode names) for each function of a module.
type Listing = Vec<(u32, String, Vec<String>)>;

fn parse_dump(text: &str) -> (HashMap<String, Listing>, Vec<String>) {
    let mut modules: HashMap<String, Listing> = HashMap::new();
    let mut errors = Vec::new();
    let mut current: Option<String> = None;
    for line in text.lines() {
        let mut fields = line.splitn(4, '\t');
        match fields.next() {
            Some("M") => {
                let path = fields.next().unwrap_or_default().to_string();
                modules.insert(path.clone(), Vec::new());
                current = Some(path);
            }
            Some("F") => {
                let arity = fields
                    .next()
                    .and_then(|a| a.parse().ok())
                    .unwrap_or(u32::MAX);
                let name = fields.next().unwrap_or_default().to_string();
                let ops = fields
                    .next()
                    .unwrap_or_default()
                    .split(' ')
                    .filter(|op| !op.is_empty())
                    .map(str::to_string)
                    .collect();
                if let Some(listing) = current.as_ref().and_then(|path| modules.get_mut(path)) {
                    listing.push((arity, name, ops));
                }
            }
            Some("E") => errors.push(line.to_string()),
            _ => {}
        }
    }
    (modules, errors)
}

fn reader_listing(path: &Path) -> Result<Listing, String> {
    let bytes = std::fs::read(path).map_err(|e| e.to_string())?;
    let module = beamwasm::beam::read(&bytes).map_err(|e| e.to_string())?;
    Ok(module
        .functions
        .iter()
        .map(|function| {
            (
                function.arity,
                module.function_name(function).to_string(),
                function
                    .instructions
                    .iter()
                    .map(|instruction| instruction.opcode.name().to_string())
                    .collect(),
            )
        })
        .collect())
}

fn describe_difference(expected: &Listing, actual: &Listing) -> String {
    if expected.len() != actual.len() {
        return format!(
            "beam_disasm has {} functions, reader {}",
            expected.len(),
            actual.len()
        );
    }
    for (want, got) in expected.iter().zip(actual) {
        if want != got {
            let first_diff = want
                .2
                .iter()
                .zip(&got.2)
                .position(|(a, b)| a != b)
                .unwrap_or(want.2.len().min(got.2.len()));
            return format!(
                "function {}/{} (reader: {}/{}): first difference at instruction {first_diff}: \
                 beam_disasm {:?} vs reader {:?} ({} vs {} instructions)",
                want.1,
                want.0,
                got.1,
                got.0,
                want.2.get(first_diff),
                got.2.get(first_diff),
                want.2.len(),
                got.2.len()
            );
        }
    }
    "equal".into()
}

#[test]
fn reader_matches_beam_disasm_on_the_otp_corpus() {
    let escript_available = Command::new("escript")
        .arg("-h")
        .output()
        .map(|_| true)
        .unwrap_or(false);
    assert!(
        escript_available,
        "`escript` (Erlang/OTP) is not installed, so the corpus cannot be checked: \
         run the project's test script `scripts/test` (its `scripts/setup` step installs Erlang)"
    );
    let files = corpus_files();
    assert!(
        !files.is_empty(),
        "no .beam files under {ERLANG_LIB}/*/ebin: run `scripts/test` (its `scripts/setup` \
         step installs Erlang/OTP)"
    );

    let list_path = std::env::temp_dir().join(format!("beam_corpus_{}.txt", std::process::id()));
    let list: String = files
        .iter()
        .map(|path| format!("{}\n", path.display()))
        .collect();
    std::fs::write(&list_path, list).expect("write the corpus list");
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/tools/beam_disasm_dump.escript");

    // beam_disasm runs while the reader works through the corpus.
    let started = Instant::now();
    let child = Command::new("escript")
        .arg(&script)
        .arg(format!("@{}", list_path.display()))
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("start escript");
    let mut actual: Vec<(PathBuf, Result<Listing, String>)> = Vec::with_capacity(files.len());
    for path in &files {
        actual.push((path.clone(), reader_listing(path)));
    }
    let reader_time = started.elapsed();
    let output = child.wait_with_output().expect("run escript");
    let _ = std::fs::remove_file(&list_path);
    assert!(
        output.status.success(),
        "beam_disasm_dump.escript failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let dump = String::from_utf8_lossy(&output.stdout);
    let (expected, disasm_errors) = parse_dump(&dump);
    assert!(
        disasm_errors.is_empty(),
        "beam_disasm itself failed on {} files, e.g. {:?}",
        disasm_errors.len(),
        &disasm_errors[..disasm_errors.len().min(3)]
    );

    let mut identical = 0;
    let mut problems = Vec::new();
    for (path, result) in &actual {
        let key = path.display().to_string();
        match (result, expected.get(&key)) {
            (Err(error), _) => problems.push(format!("{key}: reader error: {error}")),
            (Ok(_), None) => problems.push(format!("{key}: missing from the beam_disasm dump")),
            (Ok(listing), Some(want)) if listing == want => identical += 1,
            (Ok(listing), Some(want)) => {
                problems.push(format!("{key}: {}", describe_difference(want, listing)))
            }
        }
    }
    println!(
        "{identical}/{} modules identical (reader: {:.2?} for the whole corpus, total with \
         beam_disasm {:.2?})",
        files.len(),
        reader_time,
        started.elapsed()
    );
    assert!(
        problems.is_empty(),
        "{} of {} modules differ; first ones:\n{}",
        problems.len(),
        files.len(),
        problems[..problems.len().min(5)].join("\n")
    );
}
