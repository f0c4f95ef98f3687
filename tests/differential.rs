//! Differential tests: every `tests/erl/*.erl` runs on real Erlang and on beamwasm, and the
//! results must be identical.
//!
//! # Flow
//!
//! 1. One `erlc -o TMP tests/erl/*.erl` compiles every program (OTP 25).
//! 2. One `escript tests/tools/run_on_erl.escript TMP MOD...` runs every `MOD:main()` on `erl`
//!    and prints the expected line per module (`MOD<TAB>ok<TAB>TEXT` or
//!    `MOD<TAB>error<TAB>CLASS:REASON`, all terms in `~w` form).
//! 3. For each module, `beamwasm run [FLAGS...] TMP/MOD.beam`, compared with the expectation.
//!
//! # The `beamwasm run` contract this test holds the CLI to
//!
//! `beamwasm run [FLAGS...] PATH/MOD.beam` loads the module (and only it), calls `MOD:main()`
//! with no arguments and then:
//!
//! * **success**: writes exactly the `~w` text of the result followed by one `\n` to stdout
//!   (what `io:format("~w~n", [MOD:main()])` prints) and exits with status 0. Anything on
//!   stderr is ignored.
//! * **uncaught exception**: exits with a non-zero status and writes to stderr a line
//!
//!   ```text
//!   beamwasm: exception CLASS: REASON
//!   ```
//!
//!   where CLASS is `error`, `exit` or `throw` and REASON is the `~w` text of the reason term,
//!   e.g. `beamwasm: exception error: {badmatch,{ok,3}}`. Only class and reason are compared
//!   (not the stack trace); other stderr lines (such as a `{'EXIT',{Reason,Stack}}` dump) are
//!   free-form and ignored. stdout is ignored in this case.
//! * any other failure (cannot compile, unsupported opcode, trap, ...): non-zero exit without
//!   that line; reported as "could not run" with the first stderr line.
//!
//! # Knobs (environment variables)
//!
//! * `BEAMWASM_RUN_FLAGS`: extra whitespace-separated flags inserted after `run`, to repeat the
//!   suite in other modes, e.g. `BEAMWASM_RUN_FLAGS="--mode per-label --gc-stress"`.
//! * `BEAMWASM_DIFF_ONLY`: comma-separated substrings; only programs whose name contains one
//!   of them run (e.g. `BEAMWASM_DIFF_ONLY=bignum,error_`).
//! * `BEAMWASM_DIFF_TIMEOUT`: seconds per program before beamwasm is killed (default 60).
//!
//! Without `erlc`/`escript` the test fails (run `scripts/test`, which installs Erlang); it
//! never passes vacuously.

use std::fs::{self, File};
use std::io::ErrorKind;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// What a program did: returned a term, or raised.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Outcome {
    /// `~w` text of `main()`'s result.
    Ok(String),
    /// Uncaught exception: class (`error`/`exit`/`throw`) and `~w` text of the reason.
    Raised { class: String, reason: String },
    /// beamwasm did not produce a comparable outcome (not an Erlang-level result).
    CouldNotRun(String),
}

impl std::fmt::Display for Outcome {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Outcome::Ok(text) => write!(f, "ok {text}"),
            Outcome::Raised { class, reason } => write!(f, "{class}:{reason}"),
            Outcome::CouldNotRun(why) => write!(f, "could not run: {why}"),
        }
    }
}

const ERLANG_MISSING: &str = "Erlang/OTP (erlc, escript) is required for the differential \
                              tests: run `scripts/test`, which installs it";

fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Runs an Erlang tool to completion; a missing tool is a test failure with a clear message.
fn run_erlang_tool(cmd: &mut Command) -> Output {
    match cmd.output() {
        Ok(out) => out,
        Err(e) if e.kind() == ErrorKind::NotFound => {
            panic!("{ERLANG_MISSING} ({:?}: {e})", cmd.get_program())
        }
        Err(e) => panic!("cannot start {cmd:?}: {e}"),
    }
}

/// Module names of `tests/erl/*.erl`, sorted, filtered by `BEAMWASM_DIFF_ONLY`.
fn programs() -> Vec<String> {
    let only: Vec<String> = std::env::var("BEAMWASM_DIFF_ONLY")
        .map(|s| {
            s.split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(String::from)
                .collect()
        })
        .unwrap_or_default();
    let dir = manifest_dir().join("tests/erl");
    let mut names: Vec<String> = fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .filter_map(|entry| {
            let name = entry.ok()?.file_name().into_string().ok()?;
            name.strip_suffix(".erl").map(String::from)
        })
        .filter(|name| only.is_empty() || only.iter().any(|o| name.contains(o.as_str())))
        .collect();
    names.sort();
    names
}

/// Compiles all programs with one `erlc` call.
fn compile_all(names: &[String], out_dir: &Path) {
    let src = manifest_dir().join("tests/erl");
    let mut cmd = Command::new("erlc");
    cmd.arg("-o").arg(out_dir);
    cmd.args(names.iter().map(|n| src.join(format!("{n}.erl"))));
    let out = run_erlang_tool(&mut cmd);
    assert!(
        out.status.success(),
        "erlc failed ({}):\n{}{}",
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Runs every program on `erl` with one escript call; returns the outcome per program.
fn expected_outcomes(names: &[String], beam_dir: &Path) -> Vec<Outcome> {
    let script = manifest_dir().join("tests/tools/run_on_erl.escript");
    let mut cmd = Command::new("escript");
    cmd.arg(&script).arg(beam_dir).args(names);
    let out = run_erlang_tool(&mut cmd);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "the erl oracle failed ({}):\n{stdout}{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(
        lines.len(),
        names.len(),
        "the erl oracle printed {} lines for {} programs:\n{stdout}",
        lines.len(),
        names.len()
    );
    names
        .iter()
        .zip(lines)
        .map(|(name, line)| {
            let mut fields = line.splitn(3, '\t');
            let (module, status, text) =
                (fields.next(), fields.next(), fields.next().unwrap_or(""));
            assert_eq!(
                module,
                Some(name.as_str()),
                "oracle line out of order: {line}"
            );
            match status {
                Some("ok") => Outcome::Ok(text.to_string()),
                Some("error") => {
                    let (class, reason) = text
                        .split_once(':')
                        .expect("oracle error line is CLASS:REASON");
                    Outcome::Raised {
                        class: class.to_string(),
                        reason: reason.to_string(),
                    }
                }
                _ => panic!("unparsable oracle line: {line}"),
            }
        })
        .collect()
}

/// Runs one program on beamwasm, with a timeout, and classifies what it did.
fn run_beamwasm(beam: &Path, flags: &[String], work: &Path, timeout: Duration) -> Outcome {
    let (out_path, err_path) = (work.with_extension("stdout"), work.with_extension("stderr"));
    let files = File::create(&out_path).and_then(|o| Ok((o, File::create(&err_path)?)));
    let (out_file, err_file) = match files {
        Ok(f) => f,
        Err(e) => return Outcome::CouldNotRun(format!("cannot create output files: {e}")),
    };
    let child = Command::new(env!("CARGO_BIN_EXE_beamwasm"))
        .arg("run")
        .args(flags)
        .arg(beam)
        .stdin(Stdio::null())
        .stdout(out_file)
        .stderr(err_file)
        .spawn();
    let mut child = match child {
        Ok(c) => c,
        Err(e) => return Outcome::CouldNotRun(format!("cannot start beamwasm: {e}")),
    };
    let start = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if start.elapsed() > timeout => {
                let _ = child.kill();
                let _ = child.wait();
                return Outcome::CouldNotRun(format!("timed out after {}s", timeout.as_secs()));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(5)),
            Err(e) => return Outcome::CouldNotRun(format!("waiting for beamwasm: {e}")),
        }
    };
    let stdout = fs::read(&out_path)
        .map(|b| String::from_utf8_lossy(&b).into_owned())
        .unwrap_or_default();
    let stderr = fs::read(&err_path)
        .map(|b| String::from_utf8_lossy(&b).into_owned())
        .unwrap_or_default();
    if status.success() {
        return match stdout.strip_suffix('\n') {
            Some(text) if !text.contains('\n') => Outcome::Ok(text.to_string()),
            _ => Outcome::CouldNotRun(format!("exit 0 but stdout is not one line: {stdout:?}")),
        };
    }
    for line in stderr.lines() {
        if let Some(rest) = line.trim_end().strip_prefix("beamwasm: exception ") {
            if let Some((class, reason)) = rest.split_once(": ") {
                return Outcome::Raised {
                    class: class.to_string(),
                    reason: reason.to_string(),
                };
            }
        }
    }
    let first = stderr
        .lines()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("(no stderr)");
    Outcome::CouldNotRun(format!("{status}: {first}"))
}

fn truncate(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        format!("{}...", s.chars().take(max).collect::<String>())
    }
}

#[test]
fn differential_erl_vs_beamwasm() {
    run_suite("default", &[]);
}

/// The same suite with a collection forced at every heap allocation.
#[test]
fn differential_erl_vs_beamwasm_gc_stress() {
    run_suite("gc-stress", &["--gc-stress"]);
}

/// The same suite compiled one function per label (the benchmark baseline).
#[test]
fn differential_erl_vs_beamwasm_per_label() {
    run_suite("per-label", &["--mode", "per-label"]);
}

fn run_suite(suite: &str, suite_flags: &[&str]) {
    let names = programs();
    assert!(
        !names.is_empty(),
        "no programs in tests/erl (or BEAMWASM_DIFF_ONLY matched none)"
    );
    let flags: Vec<String> = suite_flags
        .iter()
        .map(|f| f.to_string())
        .chain(
            std::env::var("BEAMWASM_RUN_FLAGS")
                .unwrap_or_default()
                .split_whitespace()
                .map(String::from),
        )
        .collect();
    let timeout = Duration::from_secs(
        std::env::var("BEAMWASM_DIFF_TIMEOUT")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or(60),
    );

    // Per-process directory, so suites with different flags may run concurrently.
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("differential-{}-{suite}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("cannot create {}: {e}", dir.display()));

    compile_all(&names, &dir);
    let started = Instant::now();
    let expected = expected_outcomes(&names, &dir);
    eprintln!(
        "differential: erl oracle ran {} programs in {:.2?}",
        names.len(),
        started.elapsed()
    );

    // Run beamwasm over all programs on a few worker threads.
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<Outcome>>> = Mutex::new(vec![None; names.len()]);
    let workers = std::thread::available_parallelism()
        .map_or(2, |n| n.get())
        .min(names.len());
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(name) = names.get(i) else { break };
                let beam = dir.join(format!("{name}.beam"));
                let outcome = run_beamwasm(&beam, &flags, &dir.join(name), timeout);
                results.lock().unwrap()[i] = Some(outcome);
            });
        }
    });
    let actual: Vec<Outcome> = results
        .into_inner()
        .unwrap()
        .into_iter()
        .map(Option::unwrap)
        .collect();

    let mismatches: Vec<(&String, &Outcome, &Outcome)> = names
        .iter()
        .zip(&expected)
        .zip(&actual)
        .filter(|((_, want), got)| want != got)
        .map(|((name, want), got)| (name, want, got))
        .collect();
    if !mismatches.is_empty() {
        eprintln!("\n{:<24} | {:<50} | beamwasm", "program", "erl");
        eprintln!("{:-<24}-+-{:-<50}-+-{:-<50}", "", "", "");
        for (name, want, got) in &mismatches {
            eprintln!(
                "{:<24} | {:<50} | {}",
                name,
                truncate(&want.to_string(), 50),
                truncate(&got.to_string(), 120)
            );
        }
        eprintln!();
    }
    let flags_note = if flags.is_empty() {
        String::new()
    } else {
        format!(" (flags: {})", flags.join(" "))
    };
    let matched = names.len() - mismatches.len();
    eprintln!(
        "differential: {matched}/{} programs match{flags_note}",
        names.len()
    );
    if mismatches.is_empty() {
        let _ = fs::remove_dir_all(&dir);
    }
    assert!(
        mismatches.is_empty(),
        "differential: {} of {} programs differ from erl{flags_note} (beams kept in {})",
        mismatches.len(),
        names.len(),
        dir.display()
    );
}
